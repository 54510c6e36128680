using System.Net;
using System.Net.Http.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Access;

/// <summary>Workspaces and their members made through the API, as an admin would.</summary>
public static class TeamSetup
{
    public static string Computes(string workspace) => $"/api/v1/workspaces/{workspace}/computes";

    public static async Task CreateWorkspaceAsync(this HttpClient admin, string workspace, bool releaseQuotaOnStop = false) =>
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}", new { releaseQuotaOnStop })).StatusCode);

    /// <summary>A new user (no role in the default workspace) with <paramref name="role"/> in <paramref name="workspace"/>; returns their client.</summary>
    public static async Task<HttpClient> MemberAsync(this WorkbenchFactory server, string workspace, string user, string role)
    {
        var admin = server.CreateAdminClient();
        var token = await admin.CreateUserAsync(user, role: null);
        var assigned = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/members/{user}", new { role });
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        return server.CreateClient(token);
    }

    public static async Task<HttpResponseMessage> CreateStoppedAsync(this HttpClient client, string workspace, string name, string size = "Standard_DS1_v2", string? assignTo = null) =>
        await client.PutAsJsonAsync($"{Computes(workspace)}/{name}", new { size, assignTo, start = false });

    public static async Task<IReadOnlyList<string>> MineAsync(this HttpClient client, string workspace) =>
        [.. (await client.GetFromJsonAsync<Page<ComputeInstanceResource>>($"{Computes(workspace)}?mine=true"))!.Value.Select(i => i.Name)];
}
