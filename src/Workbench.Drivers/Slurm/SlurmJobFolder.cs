using System.Globalization;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// The files of one Workbench job on Slurm, in a 0700 folder under Drivers:Slurm:SharePath, which the
/// server and every node see at the same path: its scripts, Slurm's own output of it (slurm.log), the
/// handle, and the start and end marks and exit status its batch script writes. The exit status is
/// the durable truth of how it ended: Slurm forgets a job MinJobAge after its end, and the dev cluster
/// keeps no accounting. The job's own output goes to its logs in the workspace share, not here.
/// </summary>
internal sealed class SlurmJobFolder(string sharePath, long jobId)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const string ExitStatusName = "exit-status";

    /// <summary>How the start mark's text begins; the job's nodes follow, in Slurm's compressed form.</summary>
    public const string NodesPrefix = "nodes ";

    public string Root { get; } = Path.Combine(JobsFolder(sharePath), jobId.ToString(CultureInfo.InvariantCulture));
    public string JobScript => Path.Combine(Root, JobCommandScript.JobScriptName);
    public string BatchScript => Path.Combine(Root, "batch.sh");
    public string SlurmLog => Path.Combine(Root, "slurm.log");
    public string Handle => Path.Combine(Root, "handle.json");
    public string Started => Path.Combine(Root, "started");
    public string Ended => Path.Combine(Root, "ended");
    public string ExitStatus => Path.Combine(Root, ExitStatusName);

    public bool Exists => Directory.Exists(Root);

    /// <summary>Where every job's folder is, by its Workbench id.</summary>
    public static string JobsFolder(string sharePath) => Path.Combine(sharePath, "jobs");

    public void Create()
    {
        CreateJobsFolder(sharePath);
        Directory.CreateDirectory(Root, OwnerOnly);
    }

    /// <summary>Makes the folder of every job's folder, owner-only, if it is not there; returns its path.</summary>
    public static string CreateJobsFolder(string sharePath) => Directory.CreateDirectory(JobsFolder(sharePath), OwnerOnly).FullName;

    public void WriteScript(string path, string text)
    {
        SlurmInstanceFolder.WriteAtomically(path, text);
        File.SetUnixFileMode(path, OwnerOnly);
    }

    public SlurmHandle? ReadHandle() => File.Exists(Handle) ? SlurmHandle.FromJson(File.ReadAllText(Handle)) : null;

    public void WriteHandle(SlurmHandle handle) => SlurmInstanceFolder.WriteAtomically(Handle, handle.ToJson());

    public DateTimeOffset? ReadStarted() => ReadStartMark()?.At;

    /// <summary>
    /// The start mark, read once: when (its modification time, or a time an older Workbench wrote in it) and the
    /// nodes it names (null while it is being written, or in an older Workbench's mark); null while there is none.
    /// </summary>
    public SlurmStartMark? ReadStartMark()
    {
        if (ScriptFiles.ModifiedAt(Started) is not { } modified)
        {
            return null;
        }
        var text = ScriptFiles.ReadText(Started);
        var nodes = text.StartsWith(NodesPrefix, StringComparison.Ordinal) && text.Length > NodesPrefix.Length ? text[NodesPrefix.Length..] : null;
        return new SlurmStartMark(ScriptFiles.ParseTime(text) ?? modified, nodes);
    }

    public DateTimeOffset? ReadEnded() => ScriptFiles.ReadMarkTime(Ended);

    public int? ReadExitStatus() => ScriptFiles.ReadNumber(ExitStatus);
}

/// <summary>A Slurm job's start as its batch script marked it: when, and on which nodes (Slurm's compressed form).</summary>
internal sealed record SlurmStartMark(DateTimeOffset At, string? Nodes);
