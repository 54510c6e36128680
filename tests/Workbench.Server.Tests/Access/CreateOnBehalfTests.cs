using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Access;

/// <summary>Instances created for someone else: they own it from then on, and only they may open it.</summary>
public sealed class CreateOnBehalfTests(CreateOnBehalfTests.Server server) : IClassFixture<CreateOnBehalfTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    [Fact]
    public async Task Contributor_CreatesStoppedForMember_MemberOwnsAndOpensIt_CreatorDoesNot()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("behalf");
        var carl = await server.MemberAsync("behalf", "carl-c", "Contributor");
        var bea = await server.MemberAsync("behalf", "bea-b", "Data Scientist");
        await admin.CreateUserAsync("nomad", role: null);

        var notMember = await carl.CreateStoppedAsync("behalf", "for-nomad", assignTo: "nomad");
        Assert.Equal(HttpStatusCode.BadRequest, notMember.StatusCode);
        Assert.True((await notMember.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("assignTo", out _));

        var created = await carl.CreateStoppedAsync("behalf", "for-bea", assignTo: "bea-b");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var instance = (await created.Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options))!;
        Assert.Equal(("bea-b", "carl-c", "Stopped", "Stopped"), (instance.Owner, instance.CreatedBy, instance.State, instance.DesiredState));

        Assert.Equal(["for-bea"], await bea.MineAsync("behalf"));
        Assert.Empty(await carl.MineAsync("behalf"));
        // The creator is turned away by ownership; the owner gets past it, to the instance's state.
        Assert.Equal(HttpStatusCode.Forbidden, (await carl.GetAsync("/i/behalf/for-bea/jupyter/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bea.GetAsync("/i/behalf/for-bea/jupyter/api/status")).StatusCode);

        // A data scientist creates only for themselves.
        var forOther = await bea.CreateStoppedAsync("behalf", "for-carl", assignTo: "carl-c");
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal("workspaces/computes/write", (await forOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"{TeamSetup.Computes("behalf")}/for-bea")).StatusCode);
    }

    [Fact]
    public async Task DataScientist_CannotStopOthersInstance_ComputeOperatorCan()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("ops-ws");
        var dora = await server.MemberAsync("ops-ws", "dora-d", "Data Scientist");
        var otto = await server.MemberAsync("ops-ws", "otto-o", "Compute Operator");
        Assert.Equal(HttpStatusCode.Created, (await admin.CreateStoppedAsync("ops-ws", "admins-box")).StatusCode);
        var refused = await dora.PostAsync($"{TeamSetup.Computes("ops-ws")}/admins-box/start", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("only on your own", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await otto.PostAsync($"{TeamSetup.Computes("ops-ws")}/admins-box/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otto.DeleteAsync($"{TeamSetup.Computes("ops-ws")}/admins-box")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"{TeamSetup.Computes("ops-ws")}/admins-box")).StatusCode);
    }

    [Fact]
    public async Task Workspaces_CreatorIsOwner_NonAdminCannotCreate_DeleteRefusedWhileComputesExist()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("lifecycle-ws");
        var members = await admin.GetFromJsonAsync<Page<MemberResource>>("/api/v1/workspaces/lifecycle-ws/members");
        Assert.Equal(("admin", "Owner"), (members!.Value.Single().User, members.Value.Single().Role));
        var plain = server.CreateClient(await admin.CreateUserAsync("plain-p"));
        Assert.Equal(HttpStatusCode.NotFound, (await plain.PutAsJsonAsync("/api/v1/workspaces/plains-own", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/workspaces/Bad_Name", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await admin.CreateStoppedAsync("lifecycle-ws", "holder")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/api/v1/workspaces/lifecycle-ws")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"{TeamSetup.Computes("lifecycle-ws")}/holder")).StatusCode);
        await Eventually.UntilAsync(() => admin.GetAsync($"{TeamSetup.Computes("lifecycle-ws")}/holder"), r => r.StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "the instance being deleted");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/workspaces/lifecycle-ws")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/workspaces/lifecycle-ws")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/api/v1/workspaces/default")).StatusCode);
    }
}
