using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Access;

/// <summary>A workspace keeps an Owner: its last one can be neither removed nor given another role.</summary>
public sealed class LastOwnerTests(LastOwnerTests.Server server) : IClassFixture<LastOwnerTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private const string Members = "/api/v1/workspaces/owned/members";

    [Fact]
    public async Task LastOwner_RemovedOrDemoted_Is409_UntilAnotherOwnerExists()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("owned");

        var removed = await admin.DeleteAsync($"{Members}/admin");
        Assert.Equal(HttpStatusCode.Conflict, removed.StatusCode);
        var problem = await removed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Last Owner", problem.GetProperty("title").GetString());
        Assert.Contains("'admin' is the last Owner of 'owned'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"{Members}/admin", new { role = "Contributor" })).StatusCode);
        var members = await admin.GetFromJsonAsync<Page<MemberResource>>(Members, WorkbenchJson.Options);
        Assert.Equal("Owner", Assert.Single(members!.Value).Role);

        await server.MemberAsync("owned", "hana", "Owner");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"{Members}/admin", new { role = "Contributor" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"{Members}/hana")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Members}/admin")).StatusCode);

        var log = await admin.GetFromJsonAsync<Page<AuditEntryResource>>("/api/v1/audit?action=workspaces/members/write&top=100", WorkbenchJson.Options);
        Assert.Contains(log!.Value, r => (r.Status, r.Target) == (409, "/workspaces/owned/members/admin"));
        Assert.Contains(log.Value, r => (r.Status, r.Target) == (409, "/workspaces/owned/members/hana"));
    }
}
