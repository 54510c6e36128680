using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>Instances on the Slurm driver through the real server (its own process) and its proxy, on the dev cluster.</summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmInstanceServerTests : IAsyncDisposable
{
    private const string AdminToken = "wb_slurm-server-admin";
    private const string App = "/i/default/sl-1/jupyter/";
    private readonly DevSlurmCluster _cluster;
    private readonly TempFolder _data = new("wb-slurm-server");
    private readonly ServerProcess _server;

    public SlurmInstanceServerTests(DevSlurmCluster cluster)
    {
        _cluster = SlurmCollection.Require(cluster);
        _server = SlurmCollection.ServerOn(cluster, _data.Path, AdminToken);
    }

    [Fact]
    public async Task SlurmInstance_RunsJupyterBehindTheProxy_StopCancels_StartIsANewJob_OutageShowsUnknownThenRecovers()
    {
        await _server.StartAsync();
        var admin = _server.CreateClient();
        var pat = _server.CreateClient(await admin.CreateUserAsync("pat"));
        var created = await admin.PutComputeAsync("sl-1", new { size = "Standard_DS1_v2", assignTo = "pat", driver = "slurm", partition = "batch" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var running = await RunningAsync(admin);
        Assert.Equal(("slurm", "batch"), (running.Driver, running.Partition));
        Assert.StartsWith("127.0.0.1:", running.Endpoints["jupyter"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync($"{App}api/status")).StatusCode);
        var first = await InstanceJobAsync();
        Assert.Contains("|batch|RUNNING", first, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{ApiCalls.Computes}/sl-1/stop", null)).StatusCode);
        await admin.WaitForStateAsync("sl-1", "Stopped", 120);
        Assert.Contains("JobState=CANCELLED", await _cluster.RunAsync("scontrol", "show", "job", "--oneliner", JobId(first)), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{ApiCalls.Computes}/sl-1/start", null)).StatusCode);
        await RunningAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync($"{App}api/status")).StatusCode);
        var second = await InstanceJobAsync();
        Assert.NotEqual(JobId(first), JobId(second));

        await _cluster.StopControllerAsync();
        try
        {
            var unknown = await Eventually.UntilAsync(() => admin.GetComputeAsync("sl-1"), i => i?.State == "Unknown", TimeSpan.FromSeconds(60),
                "the instance shown Unknown", () => _server.Output);
            Assert.Contains("Slurm did not answer", unknown!.Error, StringComparison.Ordinal);
        }
        finally
        {
            await _cluster.StartControllerAsync();
        }
        var recovered = await Eventually.UntilAsync(() => admin.GetComputeAsync("sl-1"), i => i?.State == "Running" && i.Error is null,
            TimeSpan.FromSeconds(60), "the instance Running again", () => _server.Output);
        Assert.Equal(running.Endpoints.Keys, recovered!.Endpoints.Keys);
        Assert.Equal(JobId(second), JobId(await InstanceJobAsync()));
    }

    [Fact]
    public async Task Create_SlurmOnAServerWithoutSlurm_Is400NamingTheDriver()
    {
        await using var plain = new ServerProcess(Path.Combine(_data.Path, "plain"), AdminToken);
        Directory.CreateDirectory(Path.Combine(_data.Path, "plain"));
        await plain.StartAsync();
        var response = await plain.CreateClient().PutComputeAsync("sl-2", new { size = "Standard_DS1_v2", driver = "slurm" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("no Slurm cluster configured", problem.GetProperty("errors").GetProperty("driver")[0].GetString(), StringComparison.Ordinal);
        Assert.Null(await plain.CreateClient().GetComputeAsync("sl-2"));
    }

    private async Task<ComputeInstanceResource> RunningAsync(HttpClient admin)
    {
        var instance = await Eventually.UntilAsync(() => admin.GetComputeAsync("sl-1"), i => i?.State is "Running" or "Failed", TimeSpan.FromSeconds(120),
            "sl-1 running on Slurm", () => _server.Output);
        Assert.True(instance!.State == "Running", instance.Error);
        return instance;
    }

    /// <summary>The instance's live Slurm job as "id|name|partition|state" (the only instance job this test's cluster runs).</summary>
    private async Task<string> InstanceJobAsync()
    {
        var lines = (await _cluster.RunAsync("squeue", "--noheader", "--format=%i|%j|%P|%T")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines, l => l.Split('|')[1].StartsWith("wb-", StringComparison.Ordinal) && !l.Contains("|wb-job-", StringComparison.Ordinal)).Trim();
    }

    private static string JobId(string line) => line.Split('|')[0];

    public async ValueTask DisposeAsync()
    {
        var admin = _server.CreateClient();
        try
        {
            await admin.DeleteAsync($"{ApiCalls.Computes}/sl-1");
            await admin.WaitForGoneAsync("sl-1", 120);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or InvalidOperationException)
        {
            // A test that failed early may have left no server or no instance.
        }
        await _server.DisposeAsync();
        _data.Dispose();
    }
}
