using System.Net;
using System.Net.Http.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>SSH to instances through the API: the real server, local driver, Jupyter, sshd and ssh client.</summary>
[Trait("Category", "Jupyter")]
[Trait("Category", "Ssh")]
public sealed class ComputeSshTests : IAsyncLifetime
{
    private const string Sshd = "/usr/sbin/sshd";
    private static readonly TimeSpan Applied = TimeSpan.FromSeconds(20);
    private readonly WorkbenchFactory _server = new();
    private readonly SshClient _ssh = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task CreateWithKey_LogsIn_KeyChangeWhileRunningApplies_HostKeyKeptAcrossStopStart()
    {
        var api = _server.CreateAdminClient();
        var first = await _ssh.NewKeyAsync("first");
        var second = await _ssh.NewKeyAsync("second");
        Assert.Equal(HttpStatusCode.Created, (await api.PutComputeAsync("ssh-1", new { size = "Standard_DS1_v2", sshPublicKey = SshClient.PublicKey(first) })).StatusCode);
        var running = await api.WaitForStateAsync("ssh-1", "Running");
        Assert.True(running!.State == "Running", running.Error);
        var ssh = running.Ssh!;
        Assert.Equal($"ssh -p {ssh.Port} root@127.0.0.1", ssh.Command);
        Assert.Equal($"127.0.0.1:{ssh.Port}", running.Endpoints["ssh"]);
        Assert.Equal(["jupyter"], running.AppUrls.Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/i/default/ssh-1/ssh/")).StatusCode);

        var login = await _ssh.RunAsync(running.Endpoints["ssh"], first, "test -d ~/cloudfiles && echo $HOME");
        Assert.True(login.ExitCode == 0, login.Stderr);
        Assert.Equal("/home/admin", login.Stdout.Trim());

        Assert.Equal(HttpStatusCode.OK, (await api.PatchComputeAsync("ssh-1", new { sshPublicKey = SshClient.PublicKey(second) })).StatusCode);
        await Eventually.UntilAsync(() => _ssh.RunAsync(running.Endpoints["ssh"], second, "true"), run => run.ExitCode == 0, Applied, "the new key taking effect");
        Assert.Equal(255, (await _ssh.RunAsync(running.Endpoints["ssh"], first, "true")).ExitCode);

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"{ApiCalls.Computes}/ssh-1/stop", null)).StatusCode);
        var stopped = await api.WaitForStateAsync("ssh-1", "Stopped");
        Assert.Null(stopped!.Ssh!.Command);
        Assert.Empty(InstanceProcesses.FindUnder(_server.DataDir, Sshd));
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"{ApiCalls.Computes}/ssh-1/start", null)).StatusCode);
        var again = await api.WaitForStateAsync("ssh-1", "Running");
        Assert.True(again!.State == "Running", again.Error);
        // Strict: the login fails unless the host key is the one accepted before the stop.
        var relogin = await _ssh.RunAsync(again.Endpoints["ssh"], second, "true", options: ["-o", "StrictHostKeyChecking=yes"]);
        Assert.True(relogin.ExitCode == 0, relogin.Stderr);
    }

    [Fact]
    public async Task KeyAddedWhileRunningWithoutSsh_SaysRestartNeeded_RestartStartsSshd()
    {
        var api = _server.CreateAdminClient();
        var key = await _ssh.NewKeyAsync("late");
        await api.PutComputeAsync("ssh-2", new { size = "Standard_DS1_v2" });
        var plain = await api.WaitForStateAsync("ssh-2", "Running");
        Assert.Null(plain!.Ssh);
        Assert.Empty(InstanceProcesses.FindUnder(_server.DataDir, Sshd));

        var patched = await api.PatchComputeAsync("ssh-2", new { sshPublicKey = SshClient.PublicKey(key) });
        var waiting = (await patched.Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options))!.Ssh!;
        Assert.True(waiting.RestartNeeded);
        Assert.Null(waiting.Command);

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"{ApiCalls.Computes}/ssh-2/restart", null)).StatusCode);
        await Eventually.UntilAsync(() => api.GetComputeAsync("ssh-2"), i => i is { State: "Running", Ssh.Command: not null }, TimeSpan.FromSeconds(60), "ssh-2 running with SSH");
        var running = await api.GetComputeAsync("ssh-2");
        Assert.False(running!.Ssh!.RestartNeeded);
        Assert.Equal(0, (await _ssh.RunAsync(running.Endpoints["ssh"], key, "true")).ExitCode);
        Assert.Single(InstanceProcesses.FindUnder(_server.DataDir, Sshd));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _ssh.Dispose();
    }
}
