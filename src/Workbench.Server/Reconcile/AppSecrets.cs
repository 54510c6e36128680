using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Workbench.Server.Reconcile;

/// <summary>
/// The per-instance secret its apps require (Jupyter's token). The proxy will inject it, so it is
/// kept in clear, in a 0600 file in a 0700 folder, and never leaves the server.
/// </summary>
public sealed class AppSecrets
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _dir;

    // A secret never changes while its instance lives, so the proxy and the readiness check read its file once.
    private readonly ConcurrentDictionary<Guid, string> _known = new();

    public AppSecrets(IOptions<WorkbenchOptions> options)
    {
        _dir = Path.Combine(options.Value.DataDir, "secrets");
        Directory.CreateDirectory(_dir, OwnerOnly | UnixFileMode.UserExecute);
    }

    public string GetOrCreate(Guid computeId) => _known.GetOrAdd(computeId, ReadOrCreate);

    public void Delete(Guid computeId)
    {
        _known.TryRemove(computeId, out _);
        File.Delete(PathOf(computeId));
    }

    private string ReadOrCreate(Guid computeId)
    {
        var path = PathOf(computeId);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(secret);
        }
        File.Move(temp, path, overwrite: true);
        return secret;
    }

    private string PathOf(Guid computeId) => Path.Combine(_dir, computeId.ToString("N"));
}
