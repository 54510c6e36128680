using System.Net;
using System.Net.Http.Json;
using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>
/// kill -9 of the server at points of the lifecycle: every instance reaches its desired state after
/// a restart, none runs twice, no process is orphaned, and running instances are re-adopted, not restarted.
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashTests : IAsyncDisposable
{
    private const string AdminToken = "wb_crash-test-admin";
    private const string Computes = ApiCalls.Computes;
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly TempFolder _data = new("wb-crash");
    private readonly ServerProcess _server;
    private HttpClient _api = null!;

    public CrashTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
    }

    [Fact]
    public async Task KillNine_AtEachStage_EveryInstanceConverges_NoneTwice_NoOrphans()
    {
        await RestartServerAsync(kill: false);

        // 1. Killed right after accepting creates: nothing started yet.
        await PutAsync("crash-a");
        await PutAsync("crash-b");
        await RestartServerAsync();
        await ConvergeAsync(("crash-a", "Running"), ("crash-b", "Running"));
        var adoptedPid = Assert.Single(InstanceProcesses.Find(_data.Path, "default", "crash-a"));

        // 2. Killed while one instance is stopping and another is starting.
        await PostAsync("crash-b", "stop");
        await PutAsync("crash-c");
        await Eventually.UntilAsync(() => _api.StateAsync("crash-c"), s => s is "Starting" or "Running", Converge, "crash-c starting");
        await RestartServerAsync();
        await ConvergeAsync(("crash-a", "Running"), ("crash-b", "Stopped"), ("crash-c", "Running"));
        Assert.Equal(adoptedPid, Assert.Single(InstanceProcesses.Find(_data.Path, "default", "crash-a")));

        // 3. An instance dies while the server is down: it is reported and started again.
        await _server.KillAsync();
        foreach (var pid in InstanceProcesses.Find(_data.Path, "default", "crash-a"))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }
        await Eventually.UntilAsync(() => InstanceProcesses.Find(_data.Path, "default", "crash-a").Count == 0, Converge, "crash-a dying");
        await RestartServerAsync(kill: false);
        await ConvergeAsync(("crash-a", "Running"), ("crash-b", "Stopped"), ("crash-c", "Running"));
        Assert.NotEqual(adoptedPid, Assert.Single(InstanceProcesses.Find(_data.Path, "default", "crash-a")));
        // The store said Running before the server noticed; wait for the relaunched instance to be ready, with its report.
        var restarted = await Eventually.UntilAsync(() => _api.GetComputeAsync("crash-a"), i => i is { State: "Running", Error: not null }, Converge, "crash-a's restart reported");
        Assert.Contains("stopped unexpectedly", restarted!.Error, StringComparison.Ordinal);

        // 4. Killed right after a delete and a start were accepted.
        await _api.DeleteAsync($"{Computes}/crash-c");
        await PostAsync("crash-b", "start");
        await RestartServerAsync();
        await ConvergeAsync(("crash-a", "Running"), ("crash-b", "Running"), ("crash-c", null));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(_data.Path, "instances")), d => !IsOfLiveInstance(d));

        // 5. Killed in the middle of stopping everything: after restart all are gone.
        await _api.DeleteAsync($"{Computes}/crash-a");
        await _api.DeleteAsync($"{Computes}/crash-b");
        await RestartServerAsync();
        await ConvergeAsync(("crash-a", null), ("crash-b", null));
        Assert.Empty(InstanceProcesses.FindByCommandLine(Path.Combine(_data.Path, "instances")));
    }

    private async Task RestartServerAsync(bool kill = true)
    {
        if (kill)
        {
            await _server.KillAsync();
        }
        await _server.StartAsync();
        _api = _server.CreateClient();
    }

    /// <summary>Waits until each instance has its state (null: deleted) and exactly one Jupyter process when running, none otherwise.</summary>
    private async Task ConvergeAsync(params (string Name, string? State)[] expected)
    {
        foreach (var (name, state) in expected)
        {
            var seen = await Eventually.UntilAsync(() => _api.StateAsync(name), s => s == state || s == "Failed", Converge, $"{name} reaching {state ?? "deleted"}", () => _server.Output);
            Assert.True(seen == state, $"{name} is {seen}: {(await _api.GetComputeAsync(name))?.Error}\nServer output:\n{_server.Output}");
            var processes = await Eventually.UntilAsync(
                () => Task.FromResult(InstanceProcesses.Find(_data.Path, "default", name).Count), n => n == (state == "Running" ? 1 : 0), Converge, $"{name}'s process count", () => _server.Output);
            Assert.Equal(state == "Running" ? 1 : 0, processes);
        }
    }

    private bool IsOfLiveInstance(string folder) =>
        File.Exists(Path.Combine(folder, "leader")) && InstanceProcesses.FindByCommandLine(folder).Count > 0;

    private async Task PutAsync(string name) =>
        Assert.Equal(HttpStatusCode.Created, (await _api.PutAsJsonAsync($"{Computes}/{name}", new { size = "Standard_DS1_v2" })).StatusCode);

    private async Task PostAsync(string name, string action) =>
        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"{Computes}/{name}/{action}", null)).StatusCode);


    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }
}
