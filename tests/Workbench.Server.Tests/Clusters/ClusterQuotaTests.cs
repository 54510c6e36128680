using System.Net;
using System.Net.Http.Json;
using Workbench.Server.Tests.Access;
using Workbench.Server.Tests.Quotas;
using Workbench.Testing;

namespace Workbench.Server.Tests.Clusters;

/// <summary>
/// Cluster nodes and instances draw on the same vCPU quota: scale-out beyond it waits and says why, the jobs
/// stay queued, and it goes on when an instance is deleted.
/// </summary>
public sealed class ClusterQuotaTests(ClusterQuotaTests.Server server) : IClassFixture<ClusterQuotaTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    [Fact]
    public Task ScaleOut_BlockedByQuota_SaysWhy_ThenProceedsWhenAnInstanceIsDeleted() => QuotaWait.RunAsync(server);
}

/// <summary>The same on PostgreSQL, whose admission lock is a row lock rather than SQLite's database lock.</summary>
[Trait("Category", "Postgres")]
public sealed class ClusterQuotaOnPostgresTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task ScaleOut_BlockedByQuota_SaysWhy_ThenProceedsWhenAnInstanceIsDeleted()
    {
        await using var server = new PostgresFactory(postgres.ConnectionString("clusters_" + Guid.NewGuid().ToString("N")[..8]));
        await QuotaWait.RunAsync(server);
    }
}

/// <summary>The quota scenario both stores run.</summary>
internal static class QuotaWait
{
    public static async Task RunAsync(WorkbenchFactory server)
    {
        var admin = server.CreateAdminClient();
        var share = Path.Combine(server.DataDir, "shares", "default");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/workspaces/default/quotas/standardDSv2Family", new { vCpus = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.CreateStoppedAsync("default", "holder")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutClusterAsync("quoted", new { size = "Standard_DS1_v2", maxNodes = 2, idleSecondsBeforeScaleDown = 0 })).StatusCode);

        // The first holds its node until told to go on, so the second needs a node of its own.
        await admin.SubmitJobAsync("q-first", JobCalls.Spec("quoted", "while [ ! -e ~/cloudfiles/go ]; do sleep 0.1; done"));
        await admin.SubmitJobAsync("q-second", JobCalls.Spec("quoted", "echo second"));

        var waiting = await admin.WaitForClusterAsync("quoted", c => c.ScaleOutWaits is not null && c.CountIn("Busy") == 1, "waiting for quota");
        Assert.StartsWith("scale-out waits: standardDSv2Family quota 2 of 2 vCPUs used", waiting!.ScaleOutWaits);
        Assert.Single(waiting.Nodes);
        Assert.Equal("Queued", (await admin.GetJobAsync("q-second"))!.State);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"{ApiCalls.Computes}/holder")).StatusCode);
        Assert.Equal("Completed", (await admin.WaitForJobEndAsync("q-second"))!.State);
        Assert.Equal("Running", (await admin.GetJobAsync("q-first"))!.State);
        var grown = await admin.GetClusterAsync("quoted");
        Assert.Null(grown!.ScaleOutWaits);

        await File.WriteAllTextAsync(Path.Combine(share, "go"), "");
        Assert.Equal("Completed", (await admin.WaitForJobEndAsync("q-first"))!.State);
        await admin.WaitForClusterAsync("quoted", c => c.Nodes.Count == 0, "back at zero nodes");
        await admin.DeleteClusterAsync("quoted");
    }
}
