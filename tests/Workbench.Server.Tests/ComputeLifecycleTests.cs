using System.Net;
using System.Net.Sockets;
using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>The whole life of an instance through the API, with the real local driver and real Jupyter.</summary>
[Trait("Category", "Jupyter")]
public sealed class ComputeLifecycleTests : IAsyncLifetime
{
    private readonly WorkbenchFactory _server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Lifecycle_CreateStopStartRestartDelete_JupyterFollows()
    {
        var api = _server.CreateAdminClient();
        var created = await api.PutComputeAsync("life-1", new { size = "Standard_DS1_v2" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var running = await api.WaitForStateAsync("life-1", "Running");
        Assert.True(running!.State == "Running", running.Error);
        var token = await _server.AppTokenAsync("default", "life-1");
        var secrets = Path.Combine(_server.DataDir, "secrets");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(secrets));
        Assert.All(Directory.GetFiles(secrets), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        using (var jupyter = new JupyterApp(running.Endpoints["jupyter"], "default", "life-1", token))
        {
            Assert.Equal(HttpStatusCode.OK, (await jupyter.StatusAsync()).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await jupyter.StatusWithoutTokenAsync()).StatusCode);
            await jupyter.WriteFileAsync("keep.txt", "kept across stop and start");
            await jupyter.WriteFileAsync("cloudfiles/shared.txt", "in the workspace share");
        }
        var id = (await _server.InstanceIdAsync("default", "life-1")).ToString("N");
        var home = Path.Combine(_server.DataDir, "instances", id, "home");
        // The files its jobs are handed over with are in the server's runtime folder (a tmpfs folder of its user's where the host has one).
        var runtime = LocalDriverOptions.DefaultRuntimeDir() is { Length: > 0 } memory ? memory : Path.Combine(_server.DataDir, "instances");
        var handover = Path.Combine(runtime, id);
        Assert.True(File.Exists(Path.Combine(handover, "job-handover")), $"no job hand-over queue in {handover}");
        Assert.Equal("kept across stop and start", File.ReadAllText(Path.Combine(home, "keep.txt")));
        var shared = Path.Combine(_server.DataDir, "shares", "default", "shared.txt");
        Assert.Equal("in the workspace share", File.ReadAllText(shared));

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"{ApiCalls.Computes}/life-1/stop", null)).StatusCode);
        var stopped = await api.WaitForStateAsync("life-1", "Stopped");
        Assert.Empty(stopped!.Endpoints);
        Assert.Empty(InstanceProcesses.Find(_server.DataDir, "default", "life-1"));
        Assert.False(Listens(running.Endpoints["jupyter"]), "Jupyter still listens after stop");

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"{ApiCalls.Computes}/life-1/start", null)).StatusCode);
        var restarted = await api.WaitForStateAsync("life-1", "Running");
        Assert.True(restarted!.State == "Running", restarted.Error);
        using (var jupyter = new JupyterApp(restarted.Endpoints["jupyter"], "default", "life-1", token))
        {
            Assert.Equal("kept across stop and start", await jupyter.ReadFileAsync("keep.txt"));
        }

        var before = InstanceProcesses.Find(_server.DataDir, "default", "life-1");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"{ApiCalls.Computes}/life-1/restart", null)).StatusCode);
        await Eventually.UntilAsync(() => !InstanceProcesses.Find(_server.DataDir, "default", "life-1").Intersect(before).Any(), TimeSpan.FromSeconds(30), "old processes ending on restart");
        var afterRestart = await api.WaitForStateAsync("life-1", "Running");
        Assert.True(afterRestart!.State == "Running", afterRestart.Error);
        using (var jupyter = new JupyterApp(afterRestart.Endpoints["jupyter"], "default", "life-1", token))
        {
            Assert.Equal(HttpStatusCode.OK, (await jupyter.StatusAsync()).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"{ApiCalls.Computes}/life-1")).StatusCode);
        await api.WaitForGoneAsync("life-1");
        Assert.Empty(InstanceProcesses.Find(_server.DataDir, "default", "life-1"));
        Assert.False(Directory.Exists(home), "the home folder outlived the instance");
        Assert.False(Directory.Exists(handover), "the job hand-over folder outlived the instance");
        Assert.True(File.Exists(shared), "the workspace share lost a file when an instance was deleted");
    }

    [Fact]
    public async Task Create_MissingHostProgram_FailsNamingThePackage()
    {
        await using var server = new MissingBubblewrapFactory();
        var api = server.CreateAdminClient();
        await api.PutComputeAsync("nobwrap", new { size = "Standard_DS1_v2" });
        var failed = await api.WaitForStateAsync("nobwrap", "Failed");
        Assert.Equal("Failed", failed!.State);
        Assert.Contains("apt-get install bubblewrap", failed.Error, StringComparison.Ordinal);
    }

    private static bool Listens(string endpoint)
    {
        var port = int.Parse(endpoint.Split(':')[1]);
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed class MissingBubblewrapFactory : WorkbenchFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Drivers:Local:BubblewrapPath", "/nonexistent/bwrap");
        }
    }
}
