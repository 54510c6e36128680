using System.Diagnostics;
using System.Globalization;

namespace Workbench.Testing;

/// <summary>
/// The Slurm dev cluster of deploy/slurm for tests and benchmarks. scripts/test.sh brings one up and
/// names its config in WORKBENCH_TEST_SLURM_CONF; without it, this runs deploy/slurm/up.sh itself on
/// the default folder (idempotent) and leaves the cluster running for the next run. Where Slurm is not
/// installed, <see cref="SkipReason"/> says so and nothing is started.
/// </summary>
public sealed class DevSlurmCluster : IAsyncLifetime
{
    public const string ConfVariable = "WORKBENCH_TEST_SLURM_CONF";
    private static readonly string[] Programs = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/sbin/munged"];

    /// <summary>The slurm.conf of the cluster, to give Slurm's commands as SLURM_CONF.</summary>
    public string Conf { get; private set; } = "";

    /// <summary>slurmrestd's socket, where up.sh started one (slurmrestd installed); null otherwise.</summary>
    public string? RestSocket => Path.Combine(Folder, "run", "rest", "slurmrestd.sock") is var socket && Path.Exists(socket) ? socket : null;

    /// <summary>Why Slurm tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The cluster's folder: its conf is etc/slurm.conf inside it.</summary>
    private string Folder => Path.GetDirectoryName(Path.GetDirectoryName(Conf))!;

    public async ValueTask InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(ConfVariable);
        if (!string.IsNullOrEmpty(given))
        {
            Conf = given;
            return;
        }
        if (Programs.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            SkipReason = $"Slurm is not installed ({missing} is missing): apt-get install slurmctld slurmd slurm-client munge, or run scripts/test.sh.";
            return;
        }
        var output = await RunScriptAsync("up.sh");
        Conf = output.Split('\n').Last(l => l.StartsWith("export SLURM_CONF=", StringComparison.Ordinal))["export SLURM_CONF=".Length..].Trim();
    }

    /// <summary>Stops slurmctld alone: munged, the nodes and their jobs go on.</summary>
    public Task StopControllerAsync() => RunScriptAsync("slurmctld.sh", "stop", Folder);

    public Task StartControllerAsync() => RunScriptAsync("slurmctld.sh", "start", Folder);

    /// <summary>The running slurmctld's pid, from its pid file.</summary>
    public int ControllerPid() => Pid("slurmctld.pid")!.Value;

    /// <summary>The running slurmrestd's pid, or null where up.sh started none.</summary>
    public int? RestPid() => Pid("slurmrestd.pid");

    private int? Pid(string file) => Path.Combine(Folder, "run", file) is var path && File.Exists(path)
        ? int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture)
        : null;

    /// <summary>Runs one of Slurm's commands against the cluster; returns what it printed, or fails with it.</summary>
    public async Task<string> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SLURM_CONF"] = Conf;
        return await RunAsync(start);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Task<string> RunScriptAsync(string script, params string[] arguments) =>
        RunAsync(new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "deploy", "slurm", script), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });

    private static async Task<string> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{await output}{await error}");
        }
        return await output;
    }
}
