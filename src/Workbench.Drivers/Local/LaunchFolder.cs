namespace Workbench.Drivers.Local;

/// <summary>
/// A folder one launcher (run.sh) owns: the lock an instance's launcher holds while it lives, the leader
/// file naming it, and the exit status it leaves. These files decide, after a crash of the server, whether
/// an instance runs, ran, or never started; its jobs have records of their own (<see cref="JobRecords"/>).
/// </summary>
internal abstract class LaunchFolder(string root)
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerExecutable = OwnerOnly | UnixFileMode.UserExecute;

    public string Root { get; } = root;
    public string Tmp => Path.Combine(Root, "tmp");
    public string RunScript => Path.Combine(Root, "run.sh");
    public string Handle => Path.Combine(Root, "handle.json");
    public string Leader => Path.Combine(Root, "leader");
    public string ExitStatus => Path.Combine(Root, "exit-status");
    public string Lock => Path.Combine(Root, "lock");

    public bool Exists => Directory.Exists(Root);

    /// <summary>The leader's identity as its own script wrote it ("pid starttime"), or null.</summary>
    public ProcessIdentity? ReadLeader()
    {
        try
        {
            return File.ReadAllText(Leader).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var pid, var start]
                ? ProcessIdentity.Parse(pid, start)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a launcher holds the folder's lock (run.sh takes it with flock before anything else and
    /// keeps it while it lives). .NET opens a FileShare.None file with flock(LOCK_EX), so a failed open
    /// means the lock is held.
    /// </summary>
    public bool IsLocked()
    {
        if (!File.Exists(Lock))
        {
            return false;
        }
        try
        {
            using var probe = new FileStream(Lock, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public int? ReadExitStatus() => ScriptFiles.ReadNumber(ExitStatus);

    /// <summary>Each launch gets an empty /tmp.</summary>
    public void ResetTmp() => ResetEmpty(Tmp);

    /// <summary>Makes the folder exist, empty and private.</summary>
    public static void ResetEmpty(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir, OwnerExecutable);
    }
}
