using System.Globalization;

namespace Workbench.Drivers.Local;

/// <summary>
/// Writes the three scripts of a job. run.sh runs on the host in the job's own session: it takes the
/// job's lock, refuses to run a job that started before (so nothing runs twice, whatever the server
/// asks after a crash), joins its instance's cgroups, records its start, runs the sandbox, then records
/// its end and exit status. job.sh and command.sh (<see cref="JobCommandScript"/>) run inside the sandbox.
/// run.sh is a bash script so that it reads the clock without starting a process (EPOCHREALTIME), and
/// its start time is taken on its first line: when the job's first process started. It writes its files
/// without the usual temporary file and mv (a process each): the driver reads the start time only once
/// it exists and the end time and exit status only once the launcher has exited, and takes a leader
/// file it cannot parse for one not written yet.
/// </summary>
internal static class JobScripts
{
    /// <summary>The launcher's shell: bash, for its clock.</summary>
    public const string Shell = "/bin/bash";

    /// <summary>EPOCHREALTIME ("seconds.microseconds") as nanoseconds, which is what the job's folder keeps.</summary>
    private const string Nanoseconds = "${now%.*}${now#*.}000";

    public static string Run(JobFolder folder, IReadOnlyList<string> cgroups, IEnumerable<string> sandboxCommand)
    {
        var q = ShellQuote.Literal;
        var script = LaunchScripts.Preamble("a job", folder, folder.LauncherLog, "the job already runs", Shell, "now=$EPOCHREALTIME");
        script.AppendLine(CultureInfo.InvariantCulture,
            $"[ -e {q(folder.Started)} ] && {{ echo 'workbench: the job started before; a job never runs twice'; exit {LaunchScripts.LockHeldExitCode}; }}");
        LaunchScripts.JoinCgroups(script, cgroups);
        LaunchScripts.Write(script, Nanoseconds, folder.Started);
        LaunchScripts.RecordLeader(script, folder, atomically: false);
        script.AppendLine(string.Join(' ', sandboxCommand.Select(q)) + " 9>&-");
        script.AppendLine("status=$? now=$EPOCHREALTIME");
        LaunchScripts.Write(script, Nanoseconds, folder.Ended);
        LaunchScripts.Write(script, "$status", folder.ExitStatus);
        script.AppendLine("exit $status");
        return script.ToString();
    }
}
