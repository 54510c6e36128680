using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Access;
using Workbench.Domain.Workspaces;
using Workbench.Server.Auth;
using Workbench.Server.Store;

namespace Workbench.Server;

/// <summary>
/// Runs once at start, before the server takes requests: makes the data folder 0700, brings the
/// store up to date, makes the default workspace and the admin (its Owner), and says where to log in.
/// </summary>
public sealed class WorkbenchInitializer(
    IServiceScopeFactory scopes,
    IOptions<WorkbenchOptions> options,
    IConfiguration configuration,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = options.Value.DataDir;
        // A folder made earlier by hand may be looser; it holds tokens, so it is the server's alone.
        File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
            await db.MigrateAsync(cancellationToken);
            if (!await db.Workspaces.AnyAsync(w => w.Name == Workspace.DefaultName, cancellationToken))
            {
                db.Workspaces.Add(new Workspace(Workspace.DefaultName, time.GetUtcNow()));
                await db.SaveChangesAsync(cancellationToken);
            }
            await BootstrapAdmin.EnsureAsync(db, dataDir, configuration[BootstrapAdmin.EnvironmentVariable], time, Console.Out, cancellationToken);
            if (!await db.Members.AnyAsync(m => m.Workspace == Workspace.DefaultName && m.UserName == BootstrapAdmin.UserName, cancellationToken))
            {
                db.Members.Add(new WorkspaceMember(Workspace.DefaultName, BootstrapAdmin.UserName, BuiltInRoles.Owner, time.GetUtcNow()));
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        lifetime.ApplicationStarted.Register(SayWhereToLogIn);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void SayWhereToLogIn()
    {
        var tokenFile = Path.Combine(options.Value.DataDir, BootstrapAdmin.TokenFile);
        var token = File.Exists(tokenFile) ? $"\"$(cat {tokenFile})\"" : $"\"${BootstrapAdmin.EnvironmentVariable}\"";
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            Console.WriteLine($"Workbench is listening on {address} (data in {options.Value.DataDir}).");
            Console.WriteLine($"Log in as admin: wb login --server {address} --token {token}");
        }
    }
}
