using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace Workbench.Server.Hosting;

/// <summary>
/// Puts the server ahead of the jobs on its host for the CPU. Linux's autogroup scheduler gives each session an
/// equal share of the CPU and weighs nice values only inside a session, so a job in a session of its own (each
/// Slurm job step, each job of a local instance) has as much claim as the whole server: with a dozen jobs busy on
/// two cores the server got about 0.15 of a core, and its API answered in up to 0.6 s. At start the server sets
/// its session's autogroup nice value (<see cref="WorkbenchOptions.SchedulingNice"/>, -10 by default: about 9
/// times a job's weight) when it leads a session of its own, as a service does. In a session it shares (started
/// from a shell or a test runner) it changes nothing, as that would raise the others in it too.
/// </summary>
public sealed partial class SchedulingPriority(IOptions<WorkbenchOptions> options, ILogger<SchedulingPriority> logger) : IHostedService
{
    private const string Autogroup = "/proc/self/autogroup";
    private const string AutogroupEnabled = "/proc/sys/kernel/sched_autogroup_enabled";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var nice = options.Value.SchedulingNice;
        if (!File.Exists(Autogroup) || File.ReadAllText(AutogroupEnabled).Trim() != "1")
        {
            return Task.CompletedTask;
        }
        if (GetSessionId(0) != Environment.ProcessId)
        {
            Log.SharedSession(logger, nice);
            return Task.CompletedTask;
        }
        try
        {
            using var file = File.OpenHandle(Autogroup, FileMode.Open, FileAccess.Write);
            RandomAccess.Write(file, System.Text.Encoding.ASCII.GetBytes(nice.ToString(CultureInfo.InvariantCulture)), 0);
            Log.Applied(logger, nice);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Refused(logger, nice, e.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LibraryImport("libc", EntryPoint = "getsid")]
    private static partial int GetSessionId(int pid);

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "The server's scheduling group (its session's autogroup) has nice {Nice}: its CPU share comes before its host's jobs'")]
        public static partial void Applied(ILogger logger, int nice);

        [LoggerMessage(1002, LogLevel.Information, "The server shares its session with other processes (a shell or a test runner), so its scheduling group keeps its nice value; run it as a service for nice {Nice}")]
        public static partial void SharedSession(ILogger logger, int nice);

        [LoggerMessage(1003, LogLevel.Warning, "The server's scheduling group could not be given nice {Nice} ({Error}); run it as root or with CAP_SYS_NICE, or its API may slow down while jobs keep the host's CPUs busy")]
        public static partial void Refused(ILogger logger, int nice, string error);
    }
}
