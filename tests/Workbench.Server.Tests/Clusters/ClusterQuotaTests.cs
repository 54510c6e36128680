using System.Net;
using System.Net.Http.Json;
using Workbench.Server.Tests.Access;
using Workbench.Testing;

namespace Workbench.Server.Tests.Clusters;

/// <summary>
/// Cluster nodes and instances draw on the same vCPU quota: scale-out beyond it waits and says why, the jobs
/// stay queued, and it goes on when an instance is deleted.
/// </summary>
public sealed class ClusterQuotaTests(ClusterQuotaTests.Server server) : IClassFixture<ClusterQuotaTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    private string Share => Path.Combine(server.DataDir, "shares", "default");

    [Fact]
    public async Task ScaleOut_BlockedByQuota_SaysWhy_ThenProceedsWhenAnInstanceIsDeleted()
    {
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync("/api/v1/workspaces/default/quotas/standardDSv2Family", new { vCpus = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _admin.CreateStoppedAsync("default", "holder")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutClusterAsync("quoted", new { size = "Standard_DS1_v2", maxNodes = 2, idleSecondsBeforeScaleDown = 0 })).StatusCode);

        // The first holds its node until told to go on, so the second needs a node of its own.
        await _admin.SubmitJobAsync("q-first", JobCalls.Spec("quoted", "while [ ! -e ~/cloudfiles/go ]; do sleep 0.1; done"));
        await _admin.SubmitJobAsync("q-second", JobCalls.Spec("quoted", "echo second"));

        var waiting = await _admin.WaitForClusterAsync("quoted", c => c.ScaleOutWaits is not null && c.CountIn("Busy") == 1, "waiting for quota");
        Assert.StartsWith("scale-out waits: standardDSv2Family quota 2 of 2 vCPUs used", waiting!.ScaleOutWaits);
        Assert.Single(waiting.Nodes);
        Assert.Equal("Queued", (await _admin.GetJobAsync("q-second"))!.State);

        Assert.Equal(HttpStatusCode.Accepted, (await _admin.DeleteAsync($"{ApiCalls.Computes}/holder")).StatusCode);
        Assert.Equal("Completed", (await _admin.WaitForJobEndAsync("q-second"))!.State);
        Assert.Equal("Running", (await _admin.GetJobAsync("q-first"))!.State);
        var grown = await _admin.GetClusterAsync("quoted");
        Assert.Null(grown!.ScaleOutWaits);

        await File.WriteAllTextAsync(Path.Combine(Share, "go"), "");
        Assert.Equal("Completed", (await _admin.WaitForJobEndAsync("q-first"))!.State);
        await _admin.WaitForClusterAsync("quoted", c => c.Nodes.Count == 0, "back at zero nodes");
        await _admin.DeleteClusterAsync("quoted");
    }
}
