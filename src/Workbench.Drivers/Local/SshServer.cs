using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Workbench.Domain.Catalog;

namespace Workbench.Drivers.Local;

/// <summary>
/// The OpenSSH server of an instance that has a public key. sshd runs inside the instance's sandbox,
/// started by apps.sh beside the apps, so a session sees exactly what the apps see (the home folder,
/// ~/cloudfiles) and ends with the instance. It takes keys only: the one in authorized_keys, which
/// the driver rewrites when the owner changes it. Its host key is made once per instance and kept
/// until the instance is deleted.
/// </summary>
internal static class SshServer
{
    public const string FolderInSandbox = "/opt/workbench/ssh";
    public const string Sshd = "/usr/sbin/sshd";
    private const string SshKeygen = "/usr/bin/ssh-keygen";
    private const string HostKeyFile = "ssh_host_ed25519_key";
    private const string AuthorizedKeysFile = "authorized_keys";
    private const string ConfigFile = "sshd_config";
    private const string PasswdFile = "passwd";
    private const string LastLogFile = "lastlog";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnly | UnixFileMode.UserExecute;
    private const UnixFileMode ReadableByAll = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    // sshd as root chroots and drops to its privilege-separation user before authentication, sets up the
    // session's groups, hands a pty to the user and records the login: Docker grants these for the same reason.
    private static readonly string[] Capabilities = ["CAP_SYS_CHROOT", "CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_AUDIT_WRITE"];

    public static IEnumerable<HostRequirement> Requirements { get; } =
    [
        new(Sshd, "openssh-server"),
        new(SshKeygen, "openssh-client"),
    ];

    /// <summary>The line of apps.sh that runs sshd in the foreground, logging to the instance log.</summary>
    public static string Command => $"{Sshd} -D -e -f {FolderInSandbox}/{ConfigFile}";

    /// <summary>
    /// Writes what sshd needs for this start: the config (its port changes each start), the key, a
    /// passwd in which root's home is the owner's (sshd takes a session's home and working folder from
    /// there), an empty /run with sshd's privilege-separation folder and a lastlog, and the host key when there is none yet.
    /// </summary>
    public static async Task PrepareAsync(InstanceFolder folder, ComputeSpec spec, string home, IPEndPoint listen, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder.Ssh, OwnerOnlyFolder);
        if (!File.Exists(Path.Combine(folder.Ssh, HostKeyFile)))
        {
            await GenerateHostKeyAsync(Path.Combine(folder.Ssh, HostKeyFile), spec.Name, cancellationToken);
        }
        Authorize(folder, spec.SshPublicKey);
        AtomicFile.Write(Path.Combine(folder.Ssh, ConfigFile), Config(listen), OwnerOnly);
        AtomicFile.Write(Path.Combine(folder.Ssh, PasswdFile), Passwd(File.ReadAllLines("/etc/passwd"), home), ReadableByAll);
        LaunchFolder.ResetEmpty(folder.Run);
        Directory.CreateDirectory(Path.Combine(folder.Run, "sshd"), OwnerOnlyFolder);
        File.WriteAllBytes(Path.Combine(folder.Run, LastLogFile), []);
    }

    /// <summary>
    /// Puts the key (or none) in authorized_keys, which sshd reads at every login; false when it is there
    /// already or the instance has no SSH server. The file is replaced whole, so a login never reads half of it.
    /// </summary>
    public static bool Authorize(InstanceFolder folder, string? publicKey)
    {
        var path = Path.Combine(folder.Ssh, AuthorizedKeysFile);
        var text = publicKey is null ? "" : publicKey + "\n";
        if (!Directory.Exists(folder.Ssh) || (File.Exists(path) && File.ReadAllText(path) == text))
        {
            return false;
        }
        AtomicFile.Write(path, text, OwnerOnly);
        return true;
    }

    /// <summary>
    /// The sandbox arguments sshd adds: its capabilities, its folder (bound whole, so a rewritten
    /// authorized_keys shows inside at once), the passwd, /run, and the lastlog in it.
    /// </summary>
    public static IEnumerable<string> SandboxArguments(InstanceFolder folder) =>
    [
        .. Capabilities.SelectMany(capability => new[] { "--cap-add", capability }),
        "--ro-bind", folder.Ssh, FolderInSandbox,
        "--ro-bind", Path.Combine(folder.Ssh, PasswdFile), "/etc/passwd",
        "--bind", folder.Run, "/run",
        // Without it sshd prints a complaint about the missing file at the top of every terminal session.
        "--symlink", $"/run/{LastLogFile}", "/var/log/lastlog",
    ];

    /// <summary>Key-only, root only, no PAM; every path is in the instance's own folders.</summary>
    private static string Config(IPEndPoint listen)
    {
        var config = new StringBuilder();
        config.AppendLine("# Generated by Workbench for one instance; sshd runs inside the instance's sandbox.");
        config.AppendLine(CultureInfo.InvariantCulture, $"Port {listen.Port}");
        config.AppendLine(CultureInfo.InvariantCulture, $"ListenAddress {listen.Address}");
        config.AppendLine(CultureInfo.InvariantCulture, $"HostKey {FolderInSandbox}/{HostKeyFile}");
        config.AppendLine(CultureInfo.InvariantCulture, $"AuthorizedKeysFile {FolderInSandbox}/{AuthorizedKeysFile}");
        config.AppendLine("AuthenticationMethods publickey");
        config.AppendLine("PasswordAuthentication no");
        config.AppendLine("KbdInteractiveAuthentication no");
        config.AppendLine("PermitRootLogin prohibit-password");
        config.AppendLine(CultureInfo.InvariantCulture, $"AllowUsers {SshAccess.User}");
        config.AppendLine("UsePAM no");
        config.AppendLine("PrintLastLog no");
        // /run is the instance folder's own run/, never the host's.
        config.AppendLine("PidFile /run/sshd.pid");
        config.AppendLine("Subsystem sftp /usr/lib/openssh/sftp-server");
        return config.ToString();
    }

    /// <summary>The host's passwd with root's home moved to the owner's, so SSH sessions start there with HOME set to it.</summary>
    private static string Passwd(IEnumerable<string> hostPasswd, string home) =>
        string.Concat(hostPasswd.Select(line =>
        {
            var fields = line.Split(':');
            if (fields.Length == 7 && fields[0] == SshAccess.User)
            {
                fields[5] = home;
            }
            return string.Join(':', fields) + "\n";
        }));

    private static async Task GenerateHostKeyAsync(string path, string instance, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(SshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", $"workbench-{instance}", "-f", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var keygen = Process.Start(start) ?? throw new DriverException($"Could not start {SshKeygen}.");
        var errors = keygen.StandardError.ReadToEndAsync(cancellationToken);
        await keygen.StandardOutput.ReadToEndAsync(cancellationToken);
        await keygen.WaitForExitAsync(cancellationToken);
        if (keygen.ExitCode != 0)
        {
            throw new DriverException($"ssh-keygen could not make the instance's host key (exit {keygen.ExitCode}): {(await errors).Trim()}");
        }
    }
}
