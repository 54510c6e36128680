using System.Net;
using Workbench.Testing;

namespace Workbench.Server.Tests.Clusters;

/// <summary>
/// A local cluster from zero nodes: queued jobs make nodes appear, never more than maxNodes; the jobs run on
/// them to Completed with their logs in the share; once idle the nodes leave and the cluster is back at zero.
/// </summary>
public sealed class ClusterAutoscaleTests(ClusterAutoscaleTests.Server server) : IClassFixture<ClusterAutoscaleTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    [Fact]
    public async Task QueuedJobs_ScaleOutToMaxNodes_RunToCompleted_ThenScaleBackToZero()
    {
        var created = await _admin.PutClusterAsync("scaler", new { size = "Standard_DS1_v2", minNodes = 0, maxNodes = 2, idleSecondsBeforeScaleDown = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty((await _admin.GetClusterAsync("scaler"))!.Nodes);

        var names = new[] { "scale-1", "scale-2", "scale-3", "scale-4" };
        foreach (var name in names)
        {
            await _admin.SubmitJobAsync(name, JobCalls.Spec("scaler", "sleep 1; echo ran on $(hostname)"));
        }
        await _admin.SubmitJobAsync("scale-wide", JobCalls.Spec("scaler", "echo wide", "resources: { instance_count: 2 }"));

        var mostNodes = 0;
        await _admin.WaitForClusterAsync("scaler", c =>
        {
            mostNodes = Math.Max(mostNodes, c.Nodes.Count);
            return c.Nodes.Count == 2;
        }, "at two nodes");
        foreach (var name in names.Append("scale-wide"))
        {
            var job = await _admin.WaitForJobEndAsync(name);
            Assert.Equal("Completed", job!.State);
        }
        await _admin.WaitForClusterAsync("scaler", c =>
        {
            mostNodes = Math.Max(mostNodes, c.Nodes.Count);
            return c.Nodes.Count == 0;
        }, "back at zero nodes");

        Assert.Equal(2, mostNodes);
        var log = await File.ReadAllTextAsync(Path.Combine(server.DataDir, "shares", "default", "jobs", "scale-1", "logs", "stdout.txt"));
        Assert.StartsWith("ran on scaler-", log);
        var cluster = await _admin.GetClusterAsync("scaler");
        Assert.Equal((0, 0, null), (cluster!.Jobs.Running, cluster.Jobs.Queued, cluster.ScaleOutWaits));
        await _admin.DeleteClusterAsync("scaler");
    }
}
