using System.Net;
using System.Net.Http.Json;

namespace Workbench.Server.Tests.Access;

/// <summary>
/// Roles and memberships are cached in memory; a change made through this server applies to the very
/// next request, with no wait for the cache to expire.
/// </summary>
public sealed class ChangesApplyAtOnceTests(ChangesApplyAtOnceTests.Server server) : IClassFixture<ChangesApplyAtOnceTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    [Fact]
    public async Task Member_DemotedThenRemoved_NextRequestIsRefused()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("at-once");
        var carla = await server.MemberAsync("at-once", "carla", "Contributor");
        Assert.Equal(HttpStatusCode.OK, (await carla.GetAsync(TeamSetup.Computes("at-once"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/workspaces/at-once/members/carla", new { role = "Reader" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carla.CreateStoppedAsync("at-once", "carlas")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/workspaces/at-once/members/carla")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carla.GetAsync(TeamSetup.Computes("at-once"))).StatusCode);
    }

    [Fact]
    public async Task CustomRole_Redefined_NextRequestUsesTheNewDefinition()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("redefined");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync("/api/v1/roles/Lister", new { actions = new[] { "workspaces/read", "workspaces/computes/read" } })).StatusCode);
        var dana = await server.MemberAsync("redefined", "dana", "Lister");
        Assert.Equal(HttpStatusCode.OK, (await dana.GetAsync(TeamSetup.Computes("redefined"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/roles/Lister", new { actions = new[] { "workspaces/read" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dana.GetAsync(TeamSetup.Computes("redefined"))).StatusCode);
    }
}
