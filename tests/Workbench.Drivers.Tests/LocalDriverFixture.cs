using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Domain.Catalog;
using Workbench.Domain.Jobs;
using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>A real local driver on a temporary state folder, and specs whose app is a small shell script.</summary>
public sealed class LocalDriverFixture : IDisposable
{
    private readonly TempFolder _root = new("wb-driver");
    private readonly List<Guid> _made = [];

    public LocalDriverFixture(TimeSpan? stopGrace = null, string bubblewrap = "/usr/bin/bwrap")
    {
        Options = new LocalDriverOptions
        {
            StateDir = StateDir,
            // Apart from the state folder, as the server's memory-backed default is.
            RuntimeDir = Path.Combine(_root.Path, "runtime"),
            BubblewrapPath = bubblewrap,
            StopGracePeriod = stopGrace ?? TimeSpan.FromSeconds(5),
        };
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Driver = new LocalDriver(options, NullLogger<LocalDriver>.Instance);
        Jobs = new LocalJobDriver(options, NullLogger<LocalJobDriver>.Instance);
    }

    public LocalDriverOptions Options { get; }

    public LocalDriver Driver { get; }

    public LocalJobDriver Jobs { get; }

    public string StateDir => Path.Combine(_root.Path, "instances");

    public string SharePath => Path.Combine(_root.Path, "share");

    public static Size Small { get; } = new("Standard_DS1_v2", 1, 0.5, 0, "standardDSv2Family", 0.07m);

    /// <summary>A spec whose one app runs the given shell script inside the sandbox; with a public key, an SSH server too.</summary>
    public ComputeSpec Spec(
        string script, string name = "drv-1", IReadOnlyList<HostRequirement>? requires = null, Dictionary<string, string>? environment = null,
        string? sshPublicKey = null)
    {
        var app = new AppDefinition("app", $"/bin/sh -c {Quote(script)}", "ready", environment ?? []);
        var image = new ImageDefinition("test", "a shell script", [], requires ?? [], [app]);
        var id = Guid.NewGuid();
        _made.Add(id);
        return new ComputeSpec(id, "default", name, "alice", Small, image,
            new Dictionary<string, string> { ["app"] = $"/i/default/{name}/app/" }, "app-secret-123", SharePath, sshPublicKey);
    }

    /// <summary>A job on a started instance; its logs go to jobs/&lt;name&gt;/logs in the share, it runs in jobs/&lt;name&gt;.</summary>
    public static JobLaunch Job(ComputeSpec instance, string instanceHandle, long id, string command, Dictionary<string, string>? environment = null) =>
        new(id, $"job-{id}", instance.ComputeId, instanceHandle, instance.Name, instance.Owner, instance.SharePath, command,
            new Dictionary<string, JobInput> { ["epochs"] = new("3", null), ["data"] = new(null, "data/in.csv") },
            new Dictionary<string, JobOutput> { ["model"] = new($"outputs/job-{id}") },
            environment ?? [], JobFolders.Root($"job-{id}"), JobFolders.Logs($"job-{id}"));

    public string Log(JobLaunch job, string file) => Path.Combine(SharePath, job.LogsFolder, file);

    /// <summary>Starts an instance whose apps write "from-instance" to ~/marker.txt and then sleep; returns once they wrote it.</summary>
    public async Task<(ComputeSpec Spec, string Handle)> StartInstanceAsync(CancellationToken cancellationToken)
    {
        var spec = Spec("echo from-instance > $HOME/marker.txt; exec sleep 600");
        var handle = await Driver.StartAsync(spec, cancellationToken);
        await Eventually.UntilAsync(() => File.Exists(Path.Combine(Home(spec), "marker.txt")), TimeSpan.FromSeconds(20), "the instance writing its marker");
        return (spec, handle);
    }

    /// <summary>The instance's job agents, as host pids.</summary>
    public List<int> JobAgents(ComputeSpec instance)
    {
        var inInstance = InstanceProcesses.FindByCommandLine(Path.Combine(StateDir, instance.ComputeId.ToString("N")));
        return [.. InstanceProcesses.FindByCommandLine(JobAgent.ScriptName)
            .Where(pid => InstanceProcesses.SelfAndAncestors(pid).Any(inInstance.Contains) && File.ReadAllText($"/proc/{pid}/comm").Trim() == "python3")];
    }

    public string Home(ComputeSpec spec) => Path.Combine(StateDir, spec.ComputeId.ToString("N"), "home");

    public static int LeaderPid(string handle) => JsonDocument.Parse(handle).RootElement.GetProperty("Pid").GetInt32();

    public static IReadOnlyList<string> Cgroups(string handle) =>
        [.. JsonDocument.Parse(handle).RootElement.GetProperty("Cgroups").EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Releases every compute a test made, so neither processes nor cgroups outlive it.</summary>
    public void Dispose()
    {
        foreach (var id in _made)
        {
            Driver.ReleaseAsync(id, null, CancellationToken.None).GetAwaiter().GetResult();
        }
        Jobs.Dispose();
        InstanceProcesses.KillAll(StateDir);
        _root.Dispose();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
