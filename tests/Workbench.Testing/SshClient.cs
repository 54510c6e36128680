using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Workbench.Testing;

/// <summary>What one run of the ssh client printed and returned.</summary>
public sealed record SshRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// The real OpenSSH client against an instance's SSH server: key pairs made with ssh-keygen in a
/// folder of the test, and logins that never prompt (BatchMode) and keep host keys in that folder.
/// </summary>
public sealed class SshClient : IDisposable
{
    private readonly TempFolder _folder = new("wb-ssh-client");

    public string KnownHosts => Path.Combine(_folder.Path, "known_hosts");

    /// <summary>Makes an ed25519 key pair without a passphrase; returns the private key's path (the public one is beside it, .pub).</summary>
    public async Task<string> NewKeyAsync(string name)
    {
        var path = Path.Combine(_folder.Path, name);
        var run = await Run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path]);
        return run.ExitCode == 0 ? path : throw new InvalidOperationException($"ssh-keygen failed: {run.Stderr}");
    }

    public static string PublicKey(string privateKeyPath) => File.ReadAllText(privateKeyPath + ".pub").Trim();

    /// <summary>
    /// Logs in as root at host:port with the key and runs the command. The host key is checked against
    /// known_hosts under the alias (accepted the first time), as `wb compute ssh` does.
    /// </summary>
    public Task<SshRun> RunAsync(string endpoint, string key, string command, string hostKeyAlias = "instance", params string[] options)
    {
        var (host, port) = Split(endpoint);
        string[] arguments =
        [
            "-p", port, "-i", key, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10",
            "-o", "StrictHostKeyChecking=accept-new", "-o", $"UserKnownHostsFile={KnownHosts}", "-o", $"HostKeyAlias={hostKeyAlias}",
            .. options, $"root@{host}", command,
        ];
        return Run("/usr/bin/ssh", arguments);
    }

    /// <summary>Waits until something at the endpoint greets with an SSH banner.</summary>
    public static Task WaitForServerAsync(string endpoint) =>
        Eventually.UntilAsync(() => GreetsAsync(endpoint), ok => ok, TimeSpan.FromSeconds(20), $"an SSH server at {endpoint}");

    private static async Task<bool> GreetsAsync(string endpoint)
    {
        var (host, port) = Split(endpoint);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, int.Parse(port));
            var banner = new byte[8];
            var read = await tcp.GetStream().ReadAtLeastAsync(banner, banner.Length, throwOnEndOfStream: false);
            return Encoding.ASCII.GetString(banner, 0, read).StartsWith("SSH-2.0-", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (string Host, string Port) Split(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon].Trim('[', ']'), endpoint[(colon + 1)..]);
    }

    private static async Task<SshRun> Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within 30 s.");
        }
        return new SshRun(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _folder.Dispose();
}
