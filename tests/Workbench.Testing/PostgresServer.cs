using System.Diagnostics;

namespace Workbench.Testing;

/// <summary>
/// A real PostgreSQL from Debian's packages, in a temporary folder on a free port, for the life of a
/// test class. Runs as the postgres user, as initdb refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wb-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private string _bin = "";
    private int _port;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=true";

    public async ValueTask InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => System.IO.Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(System.IO.Path.Combine(d, "initdb"))) ?? ""
            : "";
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: run 'apt-get install postgresql' (scripts/test.sh does).");
        }
        _port = FreePort.Next();
        Directory.CreateDirectory(_dir);
        await RunAsync("chown", "postgres:postgres", _dir);
        await AsPostgresAsync("initdb", "--auth=trust", "--no-sync", "-U", "postgres", "-D", System.IO.Path.Combine(_dir, "data"));
        await AsPostgresAsync("pg_ctl", "-w", "-D", System.IO.Path.Combine(_dir, "data"), "-l", System.IO.Path.Combine(_dir, "log"),
            "-o", $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    public async ValueTask DisposeAsync()
    {
        await AsPostgresAsync("pg_ctl", "-w", "-D", System.IO.Path.Combine(_dir, "data"), "-m", "immediate", "stop");
        Directory.Delete(_dir, recursive: true);
    }

    private Task AsPostgresAsync(string tool, params string[] args) =>
        RunAsync("runuser", ["-u", "postgres", "--", System.IO.Path.Combine(_bin, tool), .. args]);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
