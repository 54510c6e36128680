namespace Workbench.Drivers.Local;

/// <summary>The files the local driver keeps for one compute, all under one 0700 folder.</summary>
internal sealed class InstanceFolder(string stateDir, Guid computeId)
{
    public string Root { get; } = Path.Combine(stateDir, computeId.ToString("N"));
    public string Home => Path.Combine(Root, "home");
    public string Tmp => Path.Combine(Root, "tmp");

    /// <summary>The SSH server's keys, config and passwd (with a public key only); the host key in it lives as long as the instance.</summary>
    public string Ssh => Path.Combine(Root, "ssh");

    /// <summary>The sandbox's /run (with a public key only), empty at each start.</summary>
    public string Run => Path.Combine(Root, "run");
    public string RunScript => Path.Combine(Root, "run.sh");
    public string AppsScript => Path.Combine(Root, "apps.sh");
    public string Handle => Path.Combine(Root, "handle.json");
    public string Leader => Path.Combine(Root, "leader");
    public string ExitStatus => Path.Combine(Root, "exit-status");
    public string Lock => Path.Combine(Root, "lock");
    public string Log => Path.Combine(Root, "instance.log");

    public bool Exists => Directory.Exists(Root);

    /// <summary>The leader's identity as its own script wrote it ("pid starttime"), or null.</summary>
    public ProcessIdentity? ReadLeader()
    {
        try
        {
            var parts = File.ReadAllText(Leader).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && int.TryParse(parts[0], out var pid) && ulong.TryParse(parts[1], out var start)
                ? new ProcessIdentity(pid, start)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a launcher holds the folder's lock (run.sh takes it with flock before anything else and
    /// keeps it while the instance lives). .NET opens a FileShare.None file with flock(LOCK_EX), so a
    /// failed open means the lock is held.
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

    public int? ReadExitStatus()
    {
        try
        {
            return int.TryParse(File.ReadAllText(ExitStatus).Trim(), out var code) ? code : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void CreatePrivateFolders()
    {
        foreach (var dir in new[] { Root, Home, Tmp })
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.CreateDirectory(Path.Combine(Home, "cloudfiles"));
    }

    /// <summary>Each start gets an empty /tmp.</summary>
    public void ResetTmp() => ResetEmpty(Tmp);

    /// <summary>Makes the folder exist, empty and private.</summary>
    public static void ResetEmpty(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.SetUnixFileMode(temp, mode);
        File.Move(temp, path, overwrite: true);
    }
}
