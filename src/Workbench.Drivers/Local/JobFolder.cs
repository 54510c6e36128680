using System.Globalization;

namespace Workbench.Drivers.Local;

/// <summary>
/// The files of one job, in its instance's folder: its scripts, its own /tmp, and the lock, leader,
/// start and end times and exit status its launcher writes. A job whose start time is written never
/// starts again: after a crash the files say how it went.
/// </summary>
internal sealed class JobFolder(InstanceFolder instance, long jobId) : LaunchFolder(Path.Combine(instance.Jobs, jobId.ToString(CultureInfo.InvariantCulture)))
{
    public InstanceFolder Instance { get; } = instance;
    public string JobScript => Path.Combine(Root, "job.sh");
    public string CommandScript => Path.Combine(Root, "command.sh");
    public string Started => Path.Combine(Root, "started");
    public string Ended => Path.Combine(Root, "ended");
    public string LauncherLog => Path.Combine(Root, "launcher.log");

    public bool HasStarted => File.Exists(Started);

    public DateTimeOffset? ReadStarted() => ScriptFiles.ReadTime(Started);

    public DateTimeOffset? ReadEnded() => ScriptFiles.ReadTime(Ended);

    public void CreatePrivateFolders()
    {
        Directory.CreateDirectory(Instance.Jobs, OwnerExecutable);
        Directory.CreateDirectory(Root, OwnerExecutable);
    }
}
