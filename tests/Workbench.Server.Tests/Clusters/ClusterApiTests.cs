using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Server.Tests.Access;
using Workbench.Testing;

namespace Workbench.Server.Tests.Clusters;

/// <summary>What the cluster API takes and refuses: fields, updates, names shared with instances, deletes, roles and the audit log.</summary>
public sealed class ClusterApiTests(ClusterApiTests.Server server) : IClassFixture<ClusterApiTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    public static TheoryData<string, string, string> BadClusters => new()
    {
        { "1-starts-with-digit", """{ "size": "Standard_DS1_v2", "maxNodes": 1 }""", "name" },
        { "no-size", """{ "maxNodes": 1 }""", "size" },
        { "bad-size", """{ "size": "Standard_XL", "maxNodes": 1 }""", "size" },
        { "no-max", """{ "size": "Standard_DS1_v2" }""", "maxNodes" },
        { "zero-max", """{ "size": "Standard_DS1_v2", "maxNodes": 0 }""", "maxNodes" },
        { "negative-min", """{ "size": "Standard_DS1_v2", "minNodes": -1, "maxNodes": 1 }""", "minNodes" },
        { "min-over-max", """{ "size": "Standard_DS1_v2", "minNodes": 3, "maxNodes": 2 }""", "minNodes" },
        { "negative-idle", """{ "size": "Standard_DS1_v2", "maxNodes": 1, "idleSecondsBeforeScaleDown": -5 }""", "idleSecondsBeforeScaleDown" },
        { "bad-tier", """{ "size": "Standard_DS1_v2", "maxNodes": 1, "tier": "gold" }""", "tier" },
        { "bad-driver", """{ "size": "Standard_DS1_v2", "maxNodes": 1, "driver": "kubernetes" }""", "driver" },
        { "slurm-no-partition", """{ "size": "Standard_DS1_v2", "maxNodes": 1, "driver": "slurm" }""", "partition" },
        { "local-partition", """{ "size": "Standard_DS1_v2", "maxNodes": 1, "partition": "debug" }""", "partition" },
        { "too-big", """{ "size": "Standard_DS1_v2", "maxNodes": 100 }""", "maxNodes" },
        { "wrong-type", """{ "size": "Standard_DS1_v2", "maxNodes": "many" }""", "" },
    };

    [Theory]
    [MemberData(nameof(BadClusters))]
    public async Task Put_BadField_Is400NamingIt_AndNothingIsStored(string name, string body, string field)
    {
        var response = await _admin.PutAsync($"{ClusterCalls.Clusters()}/{name}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        Assert.Null(await _admin.GetClusterAsync(name));
    }

    [Fact]
    public async Task Put_TooBigForTheMachine_SaysWhatTheMachineHasAndWhatItNeeds()
    {
        var response = await _admin.PutClusterAsync("huge", new { size = "Standard_DS1_v2", maxNodes = 100 });

        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("maxNodes")[0].GetString();
        Assert.Contains($"This machine has {Environment.ProcessorCount} vCPUs", message);
        Assert.Contains("100 nodes of Standard_DS1_v2 need 100 vCPUs", message);
    }

    [Fact]
    public async Task Put_Defaults_ThenUpdateChangesScale_SizeAndDriverCannotChange()
    {
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutClusterAsync("defaults", new { size = "Standard_DS1_v2", maxNodes = 2 })).StatusCode);
        var made = await _admin.GetClusterAsync("defaults");
        Assert.Equal((0, 2, 120, "dedicated", "local", (string?)null, "Ready"),
            (made!.MinNodes, made.MaxNodes, made.IdleSecondsBeforeScaleDown, made.Tier, made.Driver, made.Partition, made.State));

        var updated = await _admin.PutClusterAsync("defaults", new { maxNodes = 1, idleSecondsBeforeScaleDown = 30, tier = "lowPriority" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var changed = await updated.Content.ReadFromJsonAsync<ClusterResource>(WorkbenchJson.Options);
        Assert.Equal((0, 1, 30, "lowPriority", "Standard_DS1_v2"), (changed!.MinNodes, changed.MaxNodes, changed.IdleSecondsBeforeScaleDown, changed.Tier, changed.Size));

        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PutClusterAsync("defaults", new { size = "Standard_DS2_v2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PutClusterAsync("defaults", new { driver = "slurm", partition = "debug" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutClusterAsync("defaults", new { minNodes = 5 })).StatusCode);
        Assert.Equal(1, (await _admin.GetClusterAsync("defaults"))!.MaxNodes);
        Assert.Contains("defaults", (await _admin.GetFromJsonAsync<Page<ClusterResource>>(ClusterCalls.Clusters(), WorkbenchJson.Options))!.Value.Select(c => c.Name));
        await _admin.DeleteClusterAsync("defaults");
    }

    [Fact]
    public async Task Names_AreSharedWithInstances_EachWay()
    {
        Assert.Equal(HttpStatusCode.Created, (await _admin.CreateStoppedAsync("default", "taken-box")).StatusCode);
        var cluster = await _admin.PutClusterAsync("Taken-Box", new { size = "Standard_DS1_v2", maxNodes = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, cluster.StatusCode);
        Assert.Contains("instances and clusters share names", await cluster.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, (await _admin.PutClusterAsync("taken-cluster", new { size = "Standard_DS1_v2", maxNodes = 1 })).StatusCode);
        var instance = await _admin.PutComputeAsync("taken-cluster", new { size = "Standard_DS1_v2", start = false });
        Assert.Equal(HttpStatusCode.BadRequest, instance.StatusCode);
        Assert.Contains("instances and clusters share names", await instance.Content.ReadAsStringAsync());
        await _admin.DeleteClusterAsync("taken-cluster");
        await _admin.DeleteAsync($"{ApiCalls.Computes}/taken-box");
    }

    [Fact]
    public async Task SlurmCluster_IsAccepted_ItsJobsWaitSayingWhy_DeleteRefusedWhileTheyWait()
    {
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutClusterAsync("on-slurm", new { size = "Standard_DS1_v2", maxNodes = 4, driver = "slurm", partition = "debug" })).StatusCode);
        await _admin.SubmitJobAsync("slurm-waits", JobCalls.Spec("on-slurm", "true"));

        var cluster = await _admin.WaitForClusterAsync("on-slurm", c => c.ScaleOutWaits is not null, "saying why its jobs wait");
        Assert.Contains("this server has no slurm driver configured", cluster!.ScaleOutWaits);
        Assert.Equal(("slurm", "debug", 1), (cluster.Driver, cluster.Partition, cluster.Jobs.Queued));
        Assert.Equal("Queued", (await _admin.GetJobAsync("slurm-waits"))!.State);

        var refused = await _admin.DeleteAsync($"{ClusterCalls.Clusters()}/on-slurm");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("slurm-waits", await refused.Content.ReadAsStringAsync());
        (await _admin.PostAsync($"{JobCalls.Jobs}/slurm-waits/cancel", null)).EnsureSuccessStatusCode();
        await _admin.DeleteClusterAsync("on-slurm");
    }

    [Fact]
    public async Task Job_AskingMoreNodesThanMax_IsRefusedAtSubmit()
    {
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutClusterAsync("narrow", new { size = "Standard_DS1_v2", maxNodes = 1 })).StatusCode);

        var response = await _admin.PutJobAsync("too-wide", JobCalls.Spec("narrow", "true", "resources: { instance_count: 2 }"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("resources.instance_count", await response.Content.ReadAsStringAsync());
        await _admin.DeleteClusterAsync("narrow");
    }

    [Fact]
    public async Task ReaderAndDataScientist_CannotCreate_DataScientistRunsAJobOnACluster()
    {
        await _admin.CreateWorkspaceAsync("team-ws");
        var reader = await server.MemberAsync("team-ws", "cl-reader", "Reader");
        var scientist = await server.MemberAsync("team-ws", "cl-scientist", "Data Scientist");
        var body = new { size = "Standard_DS1_v2", maxNodes = 1, idleSecondsBeforeScaleDown = 0 };

        foreach (var who in new[] { reader, scientist })
        {
            var denied = await who.PutClusterAsync("team-cluster", body, "team-ws");
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("workspaces/clusters/write", (await denied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
            Assert.Equal(HttpStatusCode.Forbidden, (await who.DeleteAsync($"{ClusterCalls.Clusters("team-ws")}/team-cluster")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutClusterAsync("team-cluster", body, "team-ws")).StatusCode);
        Assert.NotNull(await reader.GetClusterAsync("team-cluster", "team-ws"));

        var submitted = await scientist.PutAsync("/api/v1/workspaces/team-ws/jobs/science-1",
            new StringContent(JobCalls.Spec("team-cluster", "echo $USER"), System.Text.Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var job = await Eventually.UntilAsync(() => scientist.GetFromJsonAsync<JobResource>("/api/v1/workspaces/team-ws/jobs/science-1", WorkbenchJson.Options),
            j => JobCalls.FinalStates.Contains(j!.State), TimeSpan.FromSeconds(60), "the scientist's job ending");
        Assert.Equal("Completed", job!.State);
        Assert.Equal("cl-scientist\n", await File.ReadAllTextAsync(Path.Combine(server.DataDir, "shares", "team-ws", "jobs", "science-1", "logs", "stdout.txt")));
        await _admin.DeleteClusterAsync("team-cluster", "team-ws");
    }

    [Fact]
    public async Task MutatingCalls_AreInTheAuditLog()
    {
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutClusterAsync("audited", new { size = "Standard_DS1_v2", maxNodes = 1 })).StatusCode);
        await _admin.DeleteClusterAsync("audited");

        var entries = await _admin.GetFromJsonAsync<Page<AuditEntryResource>>("/api/v1/workspaces/default/audit", WorkbenchJson.Options);
        var mine = entries!.Value.Where(e => e.Target.Contains("/clusters/audited", StringComparison.Ordinal)).ToList();
        Assert.Contains(mine, e => e.Action == "workspaces/clusters/write" && e.Status == 201 && e.ChangedFields.Contains("maxNodes"));
        Assert.Contains(mine, e => e.Action == "workspaces/clusters/delete" && e.Status == 202);
    }
}
