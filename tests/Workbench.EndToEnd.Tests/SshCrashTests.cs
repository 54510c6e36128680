using System.Net;
using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>
/// kill -9 of the server while an instance with SSH runs: it is re-adopted with its sshd, which keeps
/// serving on the same port with the same host key, and a key changed after the restart still applies.
/// </summary>
[Trait("Category", "Crash")]
[Trait("Category", "Ssh")]
public sealed class SshCrashTests : IAsyncDisposable
{
    private const string AdminToken = "wb_ssh-crash-admin";
    private const string Sshd = "/usr/sbin/sshd";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly TempFolder _data = new("wb-ssh-crash");
    private readonly SshClient _ssh = new();
    private readonly ServerProcess _server;

    public SshCrashTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
    }

    [Fact]
    public async Task KillNine_WithSshdRunning_InstanceIsReadopted_SshKeepsWorking()
    {
        var first = await _ssh.NewKeyAsync("first");
        var second = await _ssh.NewKeyAsync("second");
        await _server.StartAsync();
        var api = _server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PutComputeAsync("ssh-crash", new { size = "Standard_DS1_v2", sshPublicKey = SshClient.PublicKey(first) })).StatusCode);
        var running = await api.WaitForStateAsync("ssh-crash", "Running", seconds: 90);
        Assert.True(running!.State == "Running", running.Error);
        var endpoint = running.Endpoints["ssh"];
        Assert.Equal(0, (await _ssh.RunAsync(endpoint, first, "true")).ExitCode);
        var jupyter = Assert.Single(InstanceProcesses.Find(_data.Path, "default", "ssh-crash"));
        var sshd = Assert.Single(InstanceProcesses.FindUnder(_data.Path, Sshd));

        await _server.KillAsync();
        await _server.StartAsync();
        api = _server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await api.PatchComputeAsync("ssh-crash", new { sshPublicKey = SshClient.PublicKey(second) })).StatusCode);
        await Eventually.UntilAsync(() => _ssh.RunAsync(endpoint, second, "true", options: ["-o", "StrictHostKeyChecking=yes"]), run => run.ExitCode == 0, Converge,
            "the re-adopted sshd taking the new key", () => _server.Output);
        var adopted = await api.GetComputeAsync("ssh-crash");
        Assert.Equal(("Running", endpoint), (adopted!.State, adopted.Endpoints["ssh"]));
        Assert.Equal(jupyter, Assert.Single(InstanceProcesses.Find(_data.Path, "default", "ssh-crash")));
        Assert.Equal(sshd, Assert.Single(InstanceProcesses.FindUnder(_data.Path, Sshd)));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _ssh.Dispose();
        _data.Dispose();
    }
}
