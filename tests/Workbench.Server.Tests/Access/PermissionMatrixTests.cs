using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Domain.Access;
using Workbench.Server.Access;
using Workbench.Testing;
using A = Workbench.Domain.Access.WorkbenchActions;

namespace Workbench.Server.Tests.Access;

/// <summary>
/// Every built-in role against every workspace endpoint, over the real API: each call either passes the
/// access check (and then fails harmlessly on a missing target or a bad body) or is refused with 403
/// naming exactly the endpoint's action.
/// </summary>
public sealed class PermissionMatrixTests(PermissionMatrixTests.Server server) : IClassFixture<PermissionMatrixTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private const string Ws = "matrix";

    /// <summary>Each endpoint, a call to it that changes nothing once allowed, and the one action it checks.</summary>
    private static readonly (string Method, string Path, string? Body, string Action)[] Endpoints =
    [
        ("GET", $"/api/v1/workspaces/{Ws}", null, A.WorkspacesRead),
        ("PUT", $"/api/v1/workspaces/{Ws}", "{}", A.WorkspacesWrite),
        ("DELETE", $"/api/v1/workspaces/{Ws}", null, A.WorkspacesDelete),
        ("GET", $"/api/v1/workspaces/{Ws}/computes", null, A.ComputesRead),
        ("GET", $"/api/v1/workspaces/{Ws}/computes/ghost", null, A.ComputesRead),
        ("PUT", $"/api/v1/workspaces/{Ws}/computes/ghost", "{\"size\": \"Nope\"}", A.ComputesWrite),
        ("PATCH", $"/api/v1/workspaces/{Ws}/computes/ghost", "{\"sshPublicKey\": null}", A.ComputesWrite),
        ("DELETE", $"/api/v1/workspaces/{Ws}/computes/ghost", null, A.ComputesDelete),
        ("POST", $"/api/v1/workspaces/{Ws}/computes/ghost/start", null, A.ComputesStart),
        ("POST", $"/api/v1/workspaces/{Ws}/computes/ghost/stop", null, A.ComputesStop),
        ("POST", $"/api/v1/workspaces/{Ws}/computes/ghost/restart", null, A.ComputesRestart),
        ("GET", $"/i/{Ws}/ghost/jupyter/api/status", null, A.ComputesApplicationAccess),
        ("GET", $"/api/v1/workspaces/{Ws}/files?path=nowhere", null, A.FilesRead),
        ("GET", $"/api/v1/workspaces/{Ws}/files/content?path=nowhere", null, A.FilesRead),
        ("PUT", $"/api/v1/workspaces/{Ws}/files/content?path=..", "x", A.FilesWrite),
        ("POST", $"/api/v1/workspaces/{Ws}/files/folders?path=..", null, A.FilesWrite),
        ("POST", $"/api/v1/workspaces/{Ws}/files/move", "{}", A.FilesWrite),
        ("DELETE", $"/api/v1/workspaces/{Ws}/files?path=nowhere", null, A.FilesWrite),
        ("GET", $"/api/v1/workspaces/{Ws}/members", null, A.MembersRead),
        ("PUT", $"/api/v1/workspaces/{Ws}/members/ghost", "{\"role\": \"Nope\"}", A.MembersWrite),
        ("DELETE", $"/api/v1/workspaces/{Ws}/members/ghost", null, A.MembersWrite),
        ("GET", $"/api/v1/workspaces/{Ws}/quotas", null, A.QuotasRead),
        ("PUT", $"/api/v1/workspaces/{Ws}/quotas/nofamily", "{}", A.QuotasWrite),
        ("GET", $"/api/v1/workspaces/{Ws}/audit", null, A.AuditRead),
    ];

    public static TheoryData<string> Roles() => [.. BuiltInRoles.All.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryEndpoint_ForRole_IsAllowedOrRefusedNamingItsAction(string role)
    {
        var admin = server.CreateAdminClient();
        if ((await admin.GetAsync($"/api/v1/workspaces/{Ws}")).StatusCode == HttpStatusCode.NotFound)
        {
            await admin.CreateWorkspaceAsync(Ws);
        }
        // A compute keeps the workspace from being deleted by a role that may delete workspaces.
        await admin.CreateStoppedAsync(Ws, "keeper");
        var user = await server.MemberAsync(Ws, "m-" + role.ToLowerInvariant().Replace(' ', '-'), role);
        var definition = BuiltInRoles.Find(role)!;
        foreach (var (method, path, body, action) in Endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            var response = await user.SendAsync(request);
            var allowed = definition.Allows(action, callerOwnsTarget: true);
            var what = $"{role}: {method} {path} ({action}) answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (allowed)
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError), what);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, what);
                Assert.Equal(action, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/workspaces/{Ws}")).StatusCode);
    }

    [Fact]
    public async Task NonMember_GetsNotFound_AsForAWorkspaceThatDoesNotExist()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("private-ws");
        var outsider = server.CreateClient(await admin.CreateUserAsync("outsider"));
        foreach (var path in new[] { "/api/v1/workspaces/private-ws", "/api/v1/workspaces/private-ws/computes", "/api/v1/workspaces/no-such-ws/computes" })
        {
            var response = await outsider.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("There is no workspace named", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var listed = await outsider.GetFromJsonAsync<JsonElement>("/api/v1/workspaces");
        Assert.Equal(["default"], listed.GetProperty("value").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task CustomRole_NotActionsSubtract_AndBadPatternsAre400NamingTheEntry()
    {
        var admin = server.CreateAdminClient();
        var bad = await admin.PutAsJsonAsync("/api/v1/roles/Broken", new { actions = new[] { "workspaces/read", "bad action!" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("actions[1]", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/roles/Owner", new { actions = new[] { "*" } })).StatusCode);

        var created = await admin.PutAsJsonAsync("/api/v1/roles/No Deleter", new
        {
            description = "Everything in the workspace but deleting computes.",
            actions = new[] { "workspaces/*" },
            notActions = new[] { "workspaces/computes/delete", "workspaces/members/*" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var roles = await admin.GetFromJsonAsync<JsonElement>("/api/v1/roles");
        Assert.Contains(roles.GetProperty("value").EnumerateArray(), r => r.GetProperty("name").GetString() == "No Deleter");

        await admin.CreateWorkspaceAsync("custom-ws");
        var nina = await server.MemberAsync("custom-ws", "nina-nd", "No Deleter");
        Assert.Equal(HttpStatusCode.Created, (await nina.CreateStoppedAsync("custom-ws", "ninas")).StatusCode);
        var refused = await nina.DeleteAsync($"{TeamSetup.Computes("custom-ws")}/ninas");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("workspaces/computes/delete", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await nina.GetAsync("/api/v1/workspaces/custom-ws/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"{TeamSetup.Computes("custom-ws")}/ninas")).StatusCode);
    }

    [Fact]
    public async Task EveryWorkspaceRouteAndEveryMutatingRoute_DeclaresOneAction()
    {
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var mutating = methods.Any(m => m is not ("GET" or "HEAD"));
            var needsAction = pattern.Contains("{workspace}", StringComparison.Ordinal) || (mutating && pattern != "/healthz");
            if (needsAction && !(pattern == "/api/v1/workspaces/" || pattern == "/api/v1/audit"))
            {
                Assert.True(endpoint.Metadata.GetOrderedMetadata<RequiredAction>().Count == 1, $"{string.Join(',', methods)} {pattern} declares no action");
            }
        }
    }
}
