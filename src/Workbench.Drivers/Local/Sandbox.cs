namespace Workbench.Drivers.Local;

/// <summary>
/// What a sandbox of an instance shows: its host name, its owner's home folder (with the workspace
/// share at ~/cloudfiles), a /tmp of its own, and read-only files (the scripts it runs) under /opt/workbench.
/// An instance's apps and each of its jobs run in one of these, with the same home and share.
/// ExtraArguments are bubblewrap arguments a part of the instance needs besides (its SSH server's, <see cref="SshServer"/>).
/// </summary>
internal sealed record SandboxLayout(string Hostname, string Owner, string Home, string Tmp, string SharePath, IReadOnlyDictionary<string, string> Files)
{
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public string HomeInSandbox => Sandbox.HomeOf(Owner);
}

/// <summary>
/// The bubblewrap command line of a sandbox: a fresh root with the host's /usr and /etc read-only,
/// its own pid, ipc and uts namespaces, no capabilities, and the folders of its layout. The host
/// network is kept so the server can reach an instance's apps on 127.0.0.1. Nothing else of the host
/// (the data folder with other homes and tokens, /root) is visible.
/// </summary>
internal static class Sandbox
{
    public const string FilesFolder = "/opt/workbench";

    public static string HomeOf(string owner) => $"/home/{owner}";

    /// <summary>Where the workspace share is seen from inside.</summary>
    public static string ShareOf(string owner) => $"{HomeOf(owner)}/cloudfiles";

    public static IReadOnlyList<string> Command(string bubblewrap, SandboxLayout layout, params string[] command)
    {
        string[] system =
        [
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin",
            "--symlink", "usr/sbin", "/sbin",
            "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64",
            "--ro-bind", "/etc", "/etc",
            "--proc", "/proc",
            "--dev", "/dev",
        ];
        string[] isolation =
        [
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", layout.Hostname,
            "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        ];
        var home = layout.HomeInSandbox;
        string[] folders =
        [
            "--bind", layout.Tmp, "/tmp",
            "--tmpfs", "/home",
            "--bind", layout.Home, home,
            "--bind", layout.SharePath, ShareOf(layout.Owner),
        ];
        var files = layout.Files.SelectMany(f => new[] { "--ro-bind", f.Value, $"{FilesFolder}/{f.Key}" });
        string[] environment =
        [
            "--setenv", "HOME", home,
            "--setenv", "USER", layout.Owner,
            "--setenv", "TMPDIR", "/tmp",
            "--chdir", home,
        ];
        return [bubblewrap, .. isolation, .. system, .. folders, .. files, .. layout.ExtraArguments, .. environment, .. command];
    }
}
