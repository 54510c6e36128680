using System.Globalization;

namespace Workbench.Drivers.Local;

/// <summary>
/// Writes the three scripts of a job. run.sh runs on the host in the job's own session. It claims the
/// job by creating its start record with noclobber (O_EXCL: of two launchers of one job, whatever the
/// server asks after a crash, only one goes on, and none once the job has started), joins its
/// instance's cgroups, runs the sandbox, then records its end and exit status. The start record is
/// "nanoseconds pid starttime": when the job started and which launcher runs it, in one small write,
/// so a reader never sees a started job without its launcher (see <see cref="JobFolder"/>). An
/// instance's launcher takes a flock instead; a job's takes none, as the claim is a builtin where flock
/// is a process.
/// job.sh and command.sh (<see cref="JobCommandScript"/>) run inside the sandbox.
/// run.sh is a bash script so that it reads the clock without starting a process (EPOCHREALTIME), and
/// its start time is taken on its first line: when the job's first process started. Its end time and
/// exit status are written without the usual temporary file and mv (a process each): the driver reads
/// them only once the launcher has exited.
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
        var script = LaunchScripts.Header(Shell, "a job", folder.LauncherLog, first: "now=$EPOCHREALTIME");
        script.AppendLine(LaunchScripts.ReadOwnStat);
        script.AppendLine(CultureInfo.InvariantCulture,
            $"set -C; {{ echo \"{Nanoseconds} $$ ${{22}}\" > {q(folder.Started)}; }} 2>/dev/null || {{ echo 'workbench: the job started before; a job never runs twice'; exit {LaunchScripts.LockHeldExitCode}; }}; set +C");
        LaunchScripts.JoinCgroups(script, cgroups);
        script.AppendLine(string.Join(' ', sandboxCommand.Select(q)));
        script.AppendLine("status=$? now=$EPOCHREALTIME");
        LaunchScripts.Write(script, Nanoseconds, folder.Ended);
        LaunchScripts.Write(script, "$status", folder.ExitStatus);
        script.AppendLine("exit $status");
        return script.ToString();
    }
}
