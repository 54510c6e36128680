using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Identity;
using Workbench.Server.Store;

namespace Workbench.Server.Auth;

/// <summary>
/// Makes sure an admin can log in on a new install: the admin user, with the token from
/// WB_BOOTSTRAP_TOKEN (an environment variable or setting), or else a generated one written once to &lt;data-dir&gt;/admin-token (0600).
/// </summary>
public static class BootstrapAdmin
{
    public const string UserName = "admin";
    public const string TokenFile = "admin-token";
    public const string EnvironmentVariable = "WB_BOOTSTRAP_TOKEN";

    public static async Task EnsureAsync(WorkbenchDbContext db, string dataDir, string? given, TimeProvider time, TextWriter console, CancellationToken cancellationToken)
    {
        var admin = await db.Users.FirstOrDefaultAsync(u => u.Name == UserName, cancellationToken);
        if (admin is null)
        {
            admin = new User(UserName, isAdmin: true, time.GetUtcNow());
            db.Users.Add(admin);
        }
        if (!string.IsNullOrWhiteSpace(given))
        {
            var hash = ApiTokens.Hash(given.Trim());
            if (!await db.ApiTokens.AnyAsync(t => t.Hash == hash, cancellationToken))
            {
                db.ApiTokens.Add(new ApiToken(admin.Id, hash, "bootstrap", time.GetUtcNow()));
            }
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        if (await db.ApiTokens.AnyAsync(t => t.UserId == admin.Id, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var (stored, token) = ApiTokens.Issue(admin.Id, "bootstrap", time.GetUtcNow());
        var path = Path.Combine(dataDir, TokenFile);
        File.Delete(path); // so the file is created anew with mode 0600, whatever was there
        await using (var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync(token);
        }
        db.ApiTokens.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        // Shown on the console once, never through the logging pipeline.
        await console.WriteLineAsync($"Workbench admin token (shown once; also in {path}, mode 0600):\n  {token}");
    }
}
