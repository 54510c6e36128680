using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Server.Tests.Access;
using Workbench.Testing;

namespace Workbench.Server.Tests.Quotas;

/// <summary>Which instances hold quota: stopped ones do unless the workspace releases quota on stop; deleted ones never.</summary>
public sealed class QuotaHoldingTests(QuotaHoldingTests.Server server) : IClassFixture<QuotaHoldingTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    [Fact]
    public async Task StoppedInstance_KeepsItsQuota_DeletingReleasesIt()
    {
        await _admin.CreateWorkspaceAsync("keep-ws");
        await SetQuotaAsync("keep-ws", "standardDSv2Family", 1);
        Assert.Equal(HttpStatusCode.Created, (await _admin.CreateStoppedAsync("keep-ws", "first")).StatusCode);
        var refused = await _admin.CreateStoppedAsync("keep-ws", "second");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(1, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("used").GetInt32());

        Assert.Equal(HttpStatusCode.Accepted, (await _admin.DeleteAsync($"{TeamSetup.Computes("keep-ws")}/first")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _admin.CreateStoppedAsync("keep-ws", "second")).StatusCode);
        await _admin.DeleteAsync($"{TeamSetup.Computes("keep-ws")}/second");
    }

    [Fact]
    public async Task ReleaseOnStop_StoppedHoldNothing_StartReadmits()
    {
        await _admin.CreateWorkspaceAsync("release-ws", releaseQuotaOnStop: true);
        await SetQuotaAsync("release-ws", "total", 1);
        Assert.Equal(HttpStatusCode.Created, (await _admin.CreateStoppedAsync("release-ws", "r-one")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _admin.CreateStoppedAsync("release-ws", "r-two")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"{TeamSetup.Computes("release-ws")}/r-one/start", null)).StatusCode);
        var refused = await _admin.PostAsync($"{TeamSetup.Computes("release-ws")}/r-two/start", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("total", 1, 1, 1), (problem.GetProperty("family").GetString(), problem.GetProperty("used").GetInt32(),
            problem.GetProperty("requested").GetInt32(), problem.GetProperty("limit").GetInt32()));

        // Stopping gives the vCPU back at once, so the other may start.
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"{TeamSetup.Computes("release-ws")}/r-one/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"{TeamSetup.Computes("release-ws")}/r-two/start", null)).StatusCode);
        await _admin.DeleteAsync($"{TeamSetup.Computes("release-ws")}/r-one");
        await _admin.DeleteAsync($"{TeamSetup.Computes("release-ws")}/r-two");
    }

    [Fact]
    public async Task Quotas_ListShowsEveryFamilyAndTotal_BadFamilyOrVCpusAre400_NullGoesBackToDefault()
    {
        await _admin.CreateWorkspaceAsync("list-ws");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutAsJsonAsync("/api/v1/workspaces/list-ws/quotas/noSuchFamily", new { vCpus = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutAsJsonAsync("/api/v1/workspaces/list-ws/quotas/total", new { vCpus = -1 })).StatusCode);
        await SetQuotaAsync("list-ws", "total", 64);
        var usage = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/workspaces/list-ws/quotas");
        var lines = usage.GetProperty("value").EnumerateArray().ToDictionary(q => q.GetProperty("family").GetString()!);
        Assert.Contains("standardNCSv3Family", lines.Keys);
        Assert.Equal(64, lines["total"].GetProperty("limit").GetInt32());
        Assert.Equal(JsonValueKind.Null, lines["standardDSv2Family"].GetProperty("limit").ValueKind);
        var reset = await _admin.PutAsJsonAsync("/api/v1/workspaces/list-ws/quotas/total", new { vCpus = (int?)null });
        var total = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Null, total.GetProperty("limit").ValueKind);
    }

    private async Task SetQuotaAsync(string workspace, string family, int vCpus) =>
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/quotas/{family}", new { vCpus })).StatusCode);
}
