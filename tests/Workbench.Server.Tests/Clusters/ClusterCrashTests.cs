using System.Net;
using Workbench.Testing;

namespace Workbench.Server.Tests.Clusters;

/// <summary>
/// kill -9 of the server while a job runs on a cluster node: after a restart the same node is found again,
/// still busy with the job, and the job runs to Completed once.
/// </summary>
[Trait("Category", "Crash")]
public sealed class ClusterCrashTests : IAsyncDisposable
{
    private const string AdminToken = "wb_cluster-crash-admin";
    private readonly TempFolder _data = new("wb-cluster-crash");
    private readonly ServerProcess _server;

    public ClusterCrashTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
    }

    private string Share => Path.Combine(_data.Path, "shares", "default");

    [Fact]
    public async Task KillNine_WithAClusterJobRunning_NodeIsReadopted_JobCompletesOnce()
    {
        await _server.StartAsync();
        var api = _server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PutClusterAsync("crashy", new { size = "Standard_DS1_v2", maxNodes = 1, idleSecondsBeforeScaleDown = 0 })).StatusCode);
        await api.SubmitJobAsync("crash-job", JobCalls.Spec("crashy",
            "echo $WB_JOB_NAME >> ~/cloudfiles/runs.txt; while [ ! -e ~/cloudfiles/go ]; do sleep 0.1; done; echo finished"));
        await api.WaitForJobAsync("crash-job", j => j.State == "Running", "running");
        var before = (await api.GetClusterAsync("crashy"))!.Nodes.Single();
        Assert.Equal(("Busy", "crash-job"), (before.State, before.Job));

        await _server.KillAsync();
        await _server.StartAsync();
        api = _server.CreateClient();

        var after = (await api.GetClusterAsync("crashy"))!.Nodes.Single();
        Assert.Equal((before.Name, "Busy", "crash-job"), (after.Name, after.State, after.Job));
        Assert.Equal("Running", (await api.GetJobAsync("crash-job"))!.State);
        await File.WriteAllTextAsync(Path.Combine(Share, "go"), "", TestContext.Current.CancellationToken);
        Assert.Equal("Completed", (await api.WaitForJobEndAsync("crash-job"))!.State);
        Assert.Equal("crash-job\n", await File.ReadAllTextAsync(Path.Combine(Share, "runs.txt"), TestContext.Current.CancellationToken));
        Assert.Equal("finished\n", await File.ReadAllTextAsync(Path.Combine(Share, "jobs", "crash-job", "logs", "stdout.txt"), TestContext.Current.CancellationToken));
        await api.WaitForClusterAsync("crashy", c => c.Nodes.Count == 0, "back at zero nodes");
        await api.DeleteClusterAsync("crashy");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }
}
