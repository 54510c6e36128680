using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>
/// The server's scheduling group (its session's autogroup) comes before its host's jobs when it runs as a service,
/// and is left alone when it shares a session; inside it, the control loops' threads run below the API's: read
/// back from /proc of the real server process.
/// </summary>
public sealed class SchedulingPriorityTests : IDisposable
{
    private const string AdminToken = "wb_scheduling-test-admin";
    private readonly TempFolder _data = new("wb-scheduling");

    [Fact]
    public async Task ServerAsAService_LeadsItsSession_AndItsSchedulingGroupHasTheConfiguredNice()
    {
        Assert.SkipUnless(File.Exists("/proc/self/autogroup"), "This kernel has no autogroup scheduling.");
        await using var server = new ServerProcess(_data.Path, AdminToken, new Dictionary<string, string> { ["Workbench:SchedulingNice"] = "-7" }, asService: true);
        await server.StartAsync();
        var pid = server.ProcessId!.Value;

        // setsid kept the process id: the process is the server, and it leads its own session.
        Assert.Contains("Workbench.Server.dll", File.ReadAllText($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
        Assert.Equal(pid, SessionOf(pid));
        if (Environment.UserName == "root")
        {
            Assert.EndsWith(" nice -7", File.ReadAllText($"/proc/{pid}/autogroup").Trim(), StringComparison.Ordinal);
        }
        else
        {
            await Eventually.UntilAsync(() => server.Output.Contains("could not be given nice -7", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the refusal logged");
        }
    }

    [Fact]
    public async Task ServerInASharedSession_LeavesItsSchedulingGroupAlone()
    {
        Assert.SkipUnless(File.Exists("/proc/self/autogroup"), "This kernel has no autogroup scheduling.");
        var ours = File.ReadAllText("/proc/self/autogroup").Trim();
        await using var server = new ServerProcess(_data.Path, AdminToken);
        await server.StartAsync();
        var pid = server.ProcessId!.Value;

        Assert.NotEqual(pid, SessionOf(pid));
        Assert.Equal(ours, File.ReadAllText($"/proc/{pid}/autogroup").Trim());
        await Eventually.UntilAsync(() => server.Output.Contains("shares its session", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the reason logged");
    }

    [Fact]
    public async Task TheControlLoops_RunOnThreadsBelowTheApisPriority()
    {
        await using var server = new ServerProcess(_data.Path, AdminToken);
        await server.StartAsync();
        var pid = server.ProcessId!.Value;

        var threads = Directory.GetDirectories($"/proc/{pid}/task")
            .Select(task => (Name: File.ReadAllText($"{task}/comm").Trim(), Nice: Field(File.ReadAllText($"{task}/stat"), 19)))
            .ToList();
        var loops = threads.Where(t => t.Name is "instance loop" or "job loop" or "cluster loop").ToList();
        Assert.Equal(3, loops.Select(t => t.Name).Distinct().Count());
        // BackgroundScheduler.Nice; the thread pool's workers, which answer the API, keep the process's own.
        Assert.All(loops, t => Assert.Equal(5, t.Nice));
        var processNice = Field(File.ReadAllText($"/proc/{pid}/stat"), 19);
        var workers = threads.Where(t => t.Name == ".NET TP Worker").ToList();
        Assert.NotEmpty(workers);
        Assert.All(workers, t => Assert.Equal(processNice, t.Nice));
    }

    /// <summary>Field 6 of /proc/PID/stat, after the command name in parentheses.</summary>
    private static int SessionOf(int pid) => Field(File.ReadAllText($"/proc/{pid}/stat"), 6);

    /// <summary>A numbered field of a stat line (from 1), counted after the command name in parentheses.</summary>
    private static int Field(string stat, int number) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[number - 3], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _data.Dispose();
}
