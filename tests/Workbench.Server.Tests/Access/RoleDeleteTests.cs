using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Access;

/// <summary>Custom roles are deleted once no one holds them; built-in roles never; each try is in the audit log.</summary>
public sealed class RoleDeleteTests(RoleDeleteTests.Server server) : IClassFixture<RoleDeleteTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    [Fact]
    public async Task Delete_AssignedRole_Is409NamingTheAssignments_ThenDeletedOnceUnassigned()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("del-roles");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync("/api/v1/roles/Auditor", new { actions = new[] { "workspaces/read" } })).StatusCode);
        await server.MemberAsync("del-roles", "fay", "Auditor");

        var refused = await admin.DeleteAsync("/api/v1/roles/Auditor");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Role is assigned", problem.GetProperty("title").GetString());
        Assert.Contains("fay in del-roles", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/workspaces/del-roles/members/fay")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/roles/Auditor")).StatusCode);
        var roles = await admin.GetFromJsonAsync<Page<RoleResource>>("/api/v1/roles", WorkbenchJson.Options);
        Assert.DoesNotContain(roles!.Value, r => r.Name == "Auditor");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/roles/Auditor")).StatusCode);

        var log = await admin.GetFromJsonAsync<Page<AuditEntryResource>>("/api/v1/audit?action=roles/delete&top=100", WorkbenchJson.Options);
        Assert.Contains(log!.Value, r => (r.Actor, r.Status, r.Target) == ("admin", 409, "/roles/Auditor"));
        Assert.Contains(log.Value, r => (r.Actor, r.Status, r.Target) == ("admin", 204, "/roles/Auditor"));
    }

    [Fact]
    public async Task Delete_BuiltInRole_Is409()
    {
        var refused = await server.CreateAdminClient().DeleteAsync("/api/v1/roles/Reader");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Role is built in", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Delete_ByNonAdmin_Is403()
    {
        var admin = server.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync("/api/v1/roles/Keeper", new { actions = new[] { "workspaces/read" } })).StatusCode);
        var gus = server.CreateClient(await admin.CreateUserAsync("gus"));
        Assert.Equal(HttpStatusCode.Forbidden, (await gus.DeleteAsync("/api/v1/roles/Keeper")).StatusCode);
    }
}
