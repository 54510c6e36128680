namespace Workbench.Drivers.Local;

/// <summary>
/// The bubblewrap command line of an instance: a fresh root with the host's /usr and /etc read-only,
/// its own pid, ipc and uts namespaces, no capabilities, a private /tmp, its home folder, and the
/// workspace share at ~/cloudfiles. The host network is kept so the server can reach its apps on
/// 127.0.0.1. Nothing else of the host (the data folder with other homes and tokens, /root) is visible.
/// An instance with an SSH key also gets what its SSH server needs (see <see cref="SshServer"/>).
/// </summary>
internal static class Sandbox
{
    public static IReadOnlyList<string> Command(string bubblewrap, ComputeSpec spec, InstanceFolder folder, string home)
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
            "--hostname", spec.Name.ToLowerInvariant(),
            "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        ];
        string[] files =
        [
            "--bind", folder.Tmp, "/tmp",
            "--tmpfs", "/home",
            "--bind", folder.Home, home,
            "--bind", spec.SharePath, Path.Combine(home, "cloudfiles"),
            "--ro-bind", folder.AppsScript, LaunchScripts.AppsScriptInSandbox,
        ];
        string[] environment =
        [
            "--setenv", "HOME", home,
            "--setenv", "USER", spec.Owner,
            "--setenv", "TMPDIR", "/tmp",
            "--chdir", home,
        ];
        var ssh = spec.SshPublicKey is null ? [] : SshServer.SandboxArguments(folder);
        return [bubblewrap, .. isolation, .. system, .. files, .. ssh, .. environment, "/bin/sh", LaunchScripts.AppsScriptInSandbox];
    }
}
