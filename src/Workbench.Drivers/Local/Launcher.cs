using System.Diagnostics;

namespace Workbench.Drivers.Local;

/// <summary>
/// Starts an instance's run.sh in a session of its own (setsid), with a clean environment, so it outlives
/// the server; then waits until it has taken its lock and written its leader file.
/// </summary>
internal static class Launcher
{
    /// <summary>The shell a run.sh is written for unless it says otherwise.</summary>
    public const string Shell = "/bin/sh";

    private static readonly TimeSpan LeaderTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The child is run.sh itself (setsid only forks when the caller leads a process group, which a
    /// child of .NET does not), so the returned process says when the launcher exits.
    /// </summary>
    public static Process Start(LaunchFolder folder, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("/usr/bin/setsid", [Shell, folder.RunScript])
        {
            UseShellExecute = false,
            WorkingDirectory = folder.Root,
        };
        // Nothing of the server's environment (its bootstrap token included) reaches what runs.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
        start.Environment["LANG"] = "C.UTF-8";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        try
        {
            return Process.Start(start) ?? throw new DriverException("Could not start /usr/bin/setsid.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DriverException($"Could not start /usr/bin/setsid: {e.Message}");
        }
    }

    /// <summary>
    /// The launcher's leader once its leader file names it alive; or, after a launch of its own (<paramref name="launched"/>:
    /// the file was deleted before it), once the file names it at all. A launch whose apps exit at once may be over
    /// before a look finds its leader alive, and its end is then for the driver's next observation to report.
    /// </summary>
    public static async Task<ProcessIdentity> WaitForLeaderAsync(LaunchFolder folder, string what, bool launched, CancellationToken cancellationToken)
    {
        bool Found(ProcessIdentity? leader) => leader is { } named && (launched || named.IsAlive);
        if (await Polling.UntilAsync(() => Found(folder.ReadLeader()), LeaderTimeout, cancellationToken, PollInterval)
            && folder.ReadLeader() is { } leader && Found(leader))
        {
            return leader;
        }
        throw new DriverException($"The {what}'s launcher did not start within {LeaderTimeout.TotalSeconds:0} s.");
    }
}
