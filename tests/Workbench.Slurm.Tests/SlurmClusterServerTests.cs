using System.Net;
using System.Net.Http.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>Jobs on a cluster with driver slurm through the real server (its own process), on the dev cluster.</summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmClusterServerTests : IAsyncDisposable
{
    private const string AdminToken = "wb_slurm-cluster-admin";
    private const string Clusters = "/api/v1/workspaces/default/clusters";
    private readonly DevSlurmCluster _cluster;
    private readonly TempFolder _data = new("wb-slurm-cluster");
    private readonly ServerProcess _server;

    public SlurmClusterServerTests(DevSlurmCluster cluster)
    {
        _cluster = SlurmCollection.Require(cluster);
        _server = SlurmCollection.ServerOn(cluster, _data.Path, AdminToken);
    }

    [Fact]
    public async Task SlurmCluster_JobsCompleteFailAndCancel_TwoNodeJobGetsTwoNodes()
    {
        var admin = await StartWithClusterAsync(maxNodes: 4);

        await admin.SubmitJobAsync("sc-ok", JobCalls.Spec("slurm-cl", "echo hello from $SLURM_JOB_PARTITION"));
        await admin.SubmitJobAsync("sc-fail", JobCalls.Spec("slurm-cl", "exit 3"));
        var ok = await EndAsync(admin, "sc-ok");
        Assert.Equal(("Completed", 0), (ok.State, ok.ExitCode));
        Assert.Equal("hello from batch\n", await admin.GetStringAsync($"{JobCalls.Jobs}/sc-ok/logs/stdout"));
        var failed = await EndAsync(admin, "sc-fail");
        Assert.Equal(("Failed", 3), (failed.State, failed.ExitCode));

        await admin.SubmitJobAsync("sc-two", JobCalls.Spec("slurm-cl", "sleep 30", "resources: { instance_count: 2 }"));
        var slurmJob = await SlurmJobOfAsync(admin, "sc-two");
        var shown = await _cluster.RunAsync("scontrol", "show", "job", "--oneliner", slurmJob);
        Assert.Contains("NumNodes=2 ", shown, StringComparison.Ordinal);
        Assert.Contains("Partition=batch ", shown, StringComparison.Ordinal);
        var cluster = await admin.GetFromJsonAsync<ClusterResource>($"{Clusters}/slurm-cl", WorkbenchJson.Options);
        Assert.Equal(["sc-two", "sc-two"], cluster!.Nodes.Select(n => n.Job));
        // Named as Slurm named the nodes it gave the job.
        var allocated = (await _cluster.RunAsync("squeue", "--noheader", $"--jobs={slurmJob}", "--format=%N")).Trim();
        var shownNodes = (await _cluster.RunAsync("scontrol", "show", "hostlist", string.Join(',', cluster.Nodes.Select(n => n.Name)))).Trim();
        Assert.Equal(allocated, shownNodes);
        Assert.All(cluster.Nodes, n => Assert.Equal("Busy", n.State));

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{JobCalls.Jobs}/sc-two/cancel", null)).StatusCode);
        Assert.Equal("Canceled", (await EndAsync(admin, "sc-two")).State);
        Assert.DoesNotContain(slurmJob, await _cluster.RunAsync("squeue", "--noheader", "--format=%i"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlurmCluster_JobWaitingInSlurm_CancelScancelsIt()
    {
        var admin = await StartWithClusterAsync(maxNodes: 1);
        // Every node of the partition held by a job of Slurm's own, so Workbench's waits in Slurm's queue.
        var nodes = (await _cluster.RunAsync("sinfo", "--noheader", "--partition=batch", "--format=%D")).Trim();
        var blocker = (await _cluster.RunAsync("sbatch", "--parsable", "--partition=batch", "--exclusive", $"--nodes={nodes}", "--wrap=sleep 300")).Trim();
        try
        {
            await admin.SubmitJobAsync("sc-waits", JobCalls.Spec("slurm-cl", "true"));
            await admin.WaitForJobAsync("sc-waits", j => j.State == "Starting" && j.Message?.Contains("waiting for nodes", StringComparison.Ordinal) == true,
                "waiting in Slurm's queue", 60);
            Assert.Contains(": sc-waits", await _cluster.RunAsync("squeue", "--noheader", "--states=PENDING", "--format=%k"), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{JobCalls.Jobs}/sc-waits/cancel", null)).StatusCode);
            Assert.Equal("Canceled", (await EndAsync(admin, "sc-waits")).State);
            Assert.DoesNotContain(": sc-waits", await _cluster.RunAsync("squeue", "--noheader", "--format=%k"), StringComparison.Ordinal);
        }
        finally
        {
            await _cluster.RunAsync("scancel", blocker);
        }
    }

    [Fact]
    public async Task SlurmCluster_ServerKilledMidJob_JobIsReadoptedAndRunsOnce()
    {
        var admin = await StartWithClusterAsync(maxNodes: 2);
        await admin.SubmitJobAsync("sc-long", JobCalls.Spec("slurm-cl", "echo ran; sleep 8; echo done"));
        await admin.WaitForJobAsync("sc-long", j => j.State == "Running", "running", 120);

        await _server.KillAsync();
        await _server.StartAsync();

        var ended = await EndAsync(_server.CreateClient(), "sc-long");
        Assert.Equal(("Completed", 0), (ended.State, ended.ExitCode));
        Assert.Equal("ran\ndone\n", await _server.CreateClient().GetStringAsync($"{JobCalls.Jobs}/sc-long/logs/stdout"));
    }

    [Fact]
    public async Task SlurmCluster_ControllerDown_JobShowsUnknownWithTheError_ThenCompletes()
    {
        var admin = await StartWithClusterAsync(maxNodes: 1);
        await admin.SubmitJobAsync("sc-outage", JobCalls.Spec("slurm-cl", "sleep 40"));
        await admin.WaitForJobAsync("sc-outage", j => j.State == "Running", "running", 120);

        await _cluster.StopControllerAsync();
        try
        {
            var unknown = await Eventually.UntilAsync(() => admin.GetJobAsync("sc-outage"), j => j?.Message?.StartsWith("Unknown:", StringComparison.Ordinal) == true,
                TimeSpan.FromSeconds(30), "the job shown Unknown", () => _server.Output);
            Assert.Equal("Running", unknown!.State);
            Assert.Contains("Slurm did not answer", unknown.Message, StringComparison.Ordinal);
            var cluster = await admin.GetFromJsonAsync<ClusterResource>($"{Clusters}/slurm-cl", WorkbenchJson.Options);
            Assert.Equal("Unknown", cluster!.State);
            Assert.Contains("Slurm did not answer", cluster.Error, StringComparison.Ordinal);
        }
        finally
        {
            await _cluster.StartControllerAsync();
        }
        await admin.WaitForJobAsync("sc-outage", j => j.State == "Running" && j.Message is null, "running again, the error gone", 60);
        var recovered = await admin.GetFromJsonAsync<ClusterResource>($"{Clusters}/slurm-cl", WorkbenchJson.Options);
        Assert.Equal(("Ready", null), (recovered!.State, recovered.Error));
        var ended = await EndAsync(admin, "sc-outage");
        Assert.Equal(("Completed", 0), (ended.State, ended.ExitCode));
    }

    [Fact]
    public async Task SlurmCluster_MaxNodesOne_NextJobsWaitInSlurmBehindTheRunningOne_NeverTwoAtOnce()
    {
        var admin = await StartWithClusterAsync(maxNodes: 1);
        string[] names = ["sc-lane-1", "sc-lane-2", "sc-lane-3", "sc-lane-4"];
        await SubmitBehindALongJobAsync(admin, names, "sleep 1");

        // The two behind it are already in Slurm, held there by their lane; the fourth waits in Workbench.
        await Eventually.UntilAsync(() => _cluster.RunAsync("squeue", "--noheader", "--states=PENDING", "--format=%k|%r"),
            pending => pending.Contains($": {names[1]}|Dependency", StringComparison.Ordinal) && pending.Contains($": {names[2]}|Dependency", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the next two held in Slurm by their lane", () => _server.Output);
        var cluster = await Eventually.UntilAsync(() => admin.GetFromJsonAsync<ClusterResource>($"{Clusters}/slurm-cl", WorkbenchJson.Options),
            c => c?.ScaleOutWaits?.Contains("1 of maxNodes 1", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), "the fourth job waiting for a lane", () => _server.Output);
        Assert.Equal("Queued", (await admin.GetJobAsync(names[3]))!.State);
        Assert.Equal([(names[0], "Busy")], cluster!.Nodes.Select(n => (n.Job, n.State)));
        await admin.WaitForJobAsync(names[1], j => j.Message?.Contains("waiting for the job before it in its lane", StringComparison.Ordinal) == true,
            "shown waiting in its lane", 30);

        await AssertRanOneAtATimeAsync(admin, names);
    }

    [Fact]
    public async Task SlurmCluster_QuotaForOneNode_NextJobsWaitBehindIt_ThenInWorkbenchSayingSo()
    {
        var admin = await StartWithClusterAsync(maxNodes: 4);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/workspaces/default/quotas/standardDSv2Family", new { vCpus = 1 })).StatusCode);
        string[] names = ["sc-quota-1", "sc-quota-2", "sc-quota-3", "sc-quota-4"];
        await SubmitBehindALongJobAsync(admin, names, "true");

        // No quota for a second node: the next two wait in Slurm behind the first (its lane is full then).
        var cluster = await Eventually.UntilAsync(() => admin.GetFromJsonAsync<ClusterResource>($"{Clusters}/slurm-cl", WorkbenchJson.Options),
            c => c?.ScaleOutWaits?.Contains("standardDSv2Family quota 1 of 1 vCPUs used", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), "the fourth job waiting for quota", () => _server.Output);
        Assert.Equal(["Starting", "Starting", "Queued"], await Task.WhenAll(names[1..].Select(async n => (await admin.GetJobAsync(n))!.State)));
        Assert.Equal([(names[0], "Busy")], cluster!.Nodes.Select(n => (n.Job, n.State)));

        await AssertRanOneAtATimeAsync(admin, names);
    }

    /// <summary>
    /// Submits the first job (15 s long), and the others with <paramref name="command"/> once it runs, so their
    /// order is known: jobs handed to Slurm together start in the order their sbatch reached it.
    /// </summary>
    private static async Task SubmitBehindALongJobAsync(HttpClient admin, string[] names, string command)
    {
        await admin.SubmitJobAsync(names[0], JobCalls.Spec("slurm-cl", "sleep 15"));
        await admin.WaitForJobAsync(names[0], j => j.State == "Running", "running", 120);
        foreach (var name in names[1..])
        {
            await admin.SubmitJobAsync(name, JobCalls.Spec("slurm-cl", command));
        }
    }

    /// <summary>Waits for the jobs to end and checks that all completed and no two ran at once, by their own start and end.</summary>
    private async Task AssertRanOneAtATimeAsync(HttpClient admin, string[] names)
    {
        var ended = new List<JobResource>();
        foreach (var name in names)
        {
            ended.Add(await EndAsync(admin, name));
        }
        Assert.All(ended, j => Assert.Equal("Completed", j.State));
        var inOrder = ended.OrderBy(j => j.StartedAt).ToList();
        for (var i = 1; i < inOrder.Count; i++)
        {
            Assert.True(inOrder[i].StartedAt >= inOrder[i - 1].EndedAt,
                $"{inOrder[i].Name} started {inOrder[i].StartedAt:O}, before {inOrder[i - 1].Name} ended {inOrder[i - 1].EndedAt:O}");
        }
    }

    private async Task<HttpClient> StartWithClusterAsync(int maxNodes)
    {
        await _server.StartAsync();
        var admin = _server.CreateClient();
        var created = await admin.PutAsJsonAsync($"{Clusters}/slurm-cl",
            new { size = "Standard_DS1_v2", maxNodes, driver = "slurm", partition = "batch" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return admin;
    }

    private async Task<JobResource> EndAsync(HttpClient client, string name) =>
        (await Eventually.UntilAsync(() => client.GetJobAsync(name), j => j is not null && JobCalls.FinalStates.Contains(j.State),
            TimeSpan.FromSeconds(120), $"job '{name}' ending", () => _server.Output))!;

    /// <summary>The Slurm job id of a Workbench job, once Slurm has it (named wb-job-&lt;id&gt;, the only one of that name in this test).</summary>
    private async Task<string> SlurmJobOfAsync(HttpClient admin, string name)
    {
        await admin.WaitForJobAsync(name, j => j.State == "Running", "running", 120);
        var lines = (await _cluster.RunAsync("squeue", "--noheader", "--format=%i|%j|%k")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines, l => l.EndsWith($": {name}", StringComparison.Ordinal)).Split('|')[0].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }
}
