using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>The SSH server of a local instance: real sshd in the real sandbox, reached with the real ssh client.</summary>
[Trait("Category", "Ssh")]
public sealed class LocalSshTests : IDisposable
{
    private const string App = "exec sleep 600";
    private const string SshServerCommand = "/usr/sbin/sshd";
    private readonly LocalDriverFixture _local = new(stopGrace: TimeSpan.FromSeconds(1));
    private readonly SshClient _ssh = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>Starts an instance with the key and waits until its SSH server greets; returns its handle and SSH endpoint.</summary>
    private async Task<(ComputeSpec Spec, string Handle, string Endpoint)> StartWithKeyAsync(string key)
    {
        var spec = _local.Spec(App, sshPublicKey: SshClient.PublicKey(key));
        var handle = await _local.Driver.StartAsync(spec, _ct);
        var endpoint = await SshEndpointAsync(spec, handle);
        return (spec, handle, endpoint);
    }

    private async Task<string> SshEndpointAsync(ComputeSpec spec, string handle)
    {
        var alive = Assert.IsType<Observation.Alive>(await _local.Driver.ObserveAsync(spec.ComputeId, handle, _ct));
        var endpoint = alive.Endpoints[SshAccess.EndpointName];
        await SshClient.WaitForServerAsync(endpoint);
        return endpoint;
    }

    [Fact]
    public async Task Login_WithTheKey_LandsInTheSandbox_InTheOwnersHome_WithTheShare()
    {
        Directory.CreateDirectory(_local.SharePath);
        File.WriteAllText(Path.Combine(_local.SharePath, "data.csv"), "a,b");
        var key = await _ssh.NewKeyAsync("alice");
        var (_, _, endpoint) = await StartWithKeyAsync(key);
        Assert.StartsWith("127.0.0.1:", endpoint, StringComparison.Ordinal);

        var run = await _ssh.RunAsync(endpoint, key, "test -d ~/cloudfiles && echo $HOME; pwd; cat ~/cloudfiles/data.csv; echo; hostname; ls /");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n');
        Assert.Equal(["/home/alice", "/home/alice", "a,b", "drv-1"], lines[..4]);
        Assert.DoesNotContain("root", lines[4..]);

        var terminal = await _ssh.RunAsync(endpoint, key, "tty", options: "-tt");
        Assert.True(terminal.ExitCode == 0, terminal.Stdout + terminal.Stderr);
        Assert.StartsWith("/dev/pts/", terminal.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("lastlog", terminal.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithAnotherKeyOrAPassword_IsRefused_AndTheConfigSaysKeysOnly()
    {
        var key = await _ssh.NewKeyAsync("alice");
        var stranger = await _ssh.NewKeyAsync("mallory");
        var (_, _, endpoint) = await StartWithKeyAsync(key);

        var refused = await _ssh.RunAsync(endpoint, stranger, "true");
        Assert.Equal(255, refused.ExitCode);
        Assert.Contains("Permission denied (publickey)", refused.Stderr, StringComparison.Ordinal);
        var password = await _ssh.RunAsync(endpoint, key, "true", options: ["-o", "PreferredAuthentications=password,keyboard-interactive"]);
        Assert.Equal(255, password.ExitCode);
        // The server offers public keys alone, so the client has no password prompt to try.
        Assert.Contains("Permission denied (publickey)", password.Stderr, StringComparison.Ordinal);

        // sshd's own view of its configuration, asked inside the sandbox.
        var effective = await _ssh.RunAsync(endpoint, key, "/usr/sbin/sshd -T -f /opt/workbench/ssh/sshd_config");
        Assert.True(effective.ExitCode == 0, effective.Stderr);
        var settings = effective.Stdout.Split('\n');
        Assert.Contains("passwordauthentication no", settings);
        Assert.Contains("kbdinteractiveauthentication no", settings);
        Assert.Contains("permitrootlogin without-password", settings);
        Assert.Contains("usepam no", settings);
        Assert.Contains("authenticationmethods publickey", settings);
        Assert.Contains($"listenaddress {endpoint}", settings);
    }

    [Fact]
    public async Task AuthorizeSshKey_OnARunningInstance_TakesEffectAtTheNextLogin()
    {
        var first = await _ssh.NewKeyAsync("first");
        var second = await _ssh.NewKeyAsync("second");
        var (spec, _, endpoint) = await StartWithKeyAsync(first);

        await _local.Driver.AuthorizeSshKeyAsync(spec.ComputeId, SshClient.PublicKey(second), _ct);
        Assert.Equal(0, (await _ssh.RunAsync(endpoint, second, "true")).ExitCode);
        Assert.Equal(255, (await _ssh.RunAsync(endpoint, first, "true")).ExitCode);

        await _local.Driver.AuthorizeSshKeyAsync(spec.ComputeId, null, _ct);
        Assert.Equal(255, (await _ssh.RunAsync(endpoint, second, "true")).ExitCode);
        var keys = Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"), "ssh", "authorized_keys");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(keys)!));
    }

    [Fact]
    public async Task HostKey_IsTheSameAfterStopAndStart_SshdEndsWithTheInstance()
    {
        var key = await _ssh.NewKeyAsync("alice");
        var (spec, handle, endpoint) = await StartWithKeyAsync(key);
        Assert.Equal(0, (await _ssh.RunAsync(endpoint, key, "true")).ExitCode);
        var sshd = SshdBelow(LocalDriverFixture.LeaderPid(handle));
        Assert.NotEmpty(sshd);

        await _local.Driver.StopAsync(spec.ComputeId, handle, _ct);
        Assert.Empty(InstanceProcesses.FindByCommandLine(SshServerCommand).Intersect(sshd));

        var again = await _local.Driver.StartAsync(spec, _ct);
        var endpointAgain = await SshEndpointAsync(spec, again);
        // Strict: the login fails if the host key differs from the one accepted before the stop.
        var run = await _ssh.RunAsync(endpointAgain, key, "true", options: ["-o", "StrictHostKeyChecking=yes"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public async Task Start_WithoutKey_RunsNoSshd_AndHasNoSshEndpoint()
    {
        var spec = _local.Spec(App);
        var handle = await _local.Driver.StartAsync(spec, _ct);
        var leader = LocalDriverFixture.LeaderPid(handle);
        await Eventually.UntilAsync(() => InstanceProcesses.FindByCommandLine("sleep 600").Any(pid => IsBelow(pid, leader)), TimeSpan.FromSeconds(20), "the app starting");

        Assert.Empty(SshdBelow(leader));
        var alive = Assert.IsType<Observation.Alive>(await _local.Driver.ObserveAsync(spec.ComputeId, handle, _ct));
        Assert.Equal(["app"], alive.Endpoints.Keys);
        Assert.False(Directory.Exists(Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"), "ssh")));
    }

    private static IReadOnlyList<int> SshdBelow(int leader) =>
        [.. InstanceProcesses.FindByCommandLine(SshServerCommand).Where(pid => IsBelow(pid, leader))];

    private static bool IsBelow(int pid, int ancestor) => InstanceProcesses.SelfAndAncestors(pid).Contains(ancestor);

    public void Dispose()
    {
        _local.Dispose();
        _ssh.Dispose();
    }
}
