using System.Globalization;

namespace Workbench.Drivers.Local;

/// <summary>
/// The files of one job, in its instance's folder: its scripts, its own /tmp, and the start record, end
/// time and exit status its launcher writes. A job with a start record never starts again: after a
/// crash the files say how it went.
/// </summary>
internal sealed class JobFolder(InstanceFolder instance, long jobId) : LaunchFolder(Path.Combine(instance.Jobs, jobId.ToString(CultureInfo.InvariantCulture)))
{
    public InstanceFolder Instance { get; } = instance;
    public string JobScript => Path.Combine(Root, "job.sh");
    public string CommandScript => Path.Combine(Root, "command.sh");
    public string Started => Path.Combine(Root, "started");
    public string Ended => Path.Combine(Root, "ended");
    public string LauncherLog => Path.Combine(Root, "launcher.log");

    /// <summary>Whether a launcher claimed the job (its start record may still be being written).</summary>
    public bool HasStarted => File.Exists(Started);

    /// <summary>When the job started, from its start record ("nanoseconds pid starttime"); null until it is written.</summary>
    public DateTimeOffset? ReadStarted() => StartRecord() is [var time, ..] ? ScriptFiles.ParseTime(time) : null;

    /// <summary>
    /// The launcher that runs or ran the job, from its start record; a launcher from before start
    /// records named itself in the leader file instead.
    /// </summary>
    public ProcessIdentity? ReadLauncher() => StartRecord() switch
    {
        [_, var pid, var start] => ProcessIdentity.Parse(pid, start),
        _ => ReadLeader(),
    };

    /// <summary>When a launcher created the start record (its modification time); null while none did.</summary>
    public DateTimeOffset? ClaimedAt() => ScriptFiles.ModifiedAt(Started);

    public DateTimeOffset? ReadEnded() => ScriptFiles.ReadTime(Ended);

    public void CreatePrivateFolders()
    {
        Directory.CreateDirectory(Instance.Jobs, OwnerExecutable);
        Directory.CreateDirectory(Root, OwnerExecutable);
    }

    private string[] StartRecord() => ScriptFiles.ReadText(Started).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
