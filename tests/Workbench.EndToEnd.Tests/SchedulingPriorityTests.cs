using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>
/// The server's scheduling group (its session's autogroup) comes before its host's jobs when it runs as a service,
/// and is left alone when it shares a session: read back from /proc of the real server process.
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

    /// <summary>Field 6 of /proc/PID/stat, after the command name in parentheses.</summary>
    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _data.Dispose();
}
