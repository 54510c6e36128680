using System.Net;
using Workbench.Server.Tests.Access;
using Workbench.Testing;

namespace Workbench.Server.Tests.Proxy;

/// <summary>
/// The proxy keeps instances' routes in memory; the API's and the reconciler's writes drop them, so
/// the proxy answers from the state the store has now, never from the one it had at the last request.
/// </summary>
[Trait("Category", "Jupyter")]
public sealed class AppRoutesTests : IAsyncLifetime
{
    private readonly WorkbenchFactory _server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Route_FollowsStartAndStop_AtTheNextRequest()
    {
        var admin = _server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("routes");
        var erin = await _server.MemberAsync("routes", "erin", "Data Scientist");
        Assert.Equal(HttpStatusCode.Created, (await erin.CreateStoppedAsync("routes", "erins")).StatusCode);
        const string app = "/i/routes/erins/jupyter/api/status";
        var computes = $"{TeamSetup.Computes("routes")}/erins";
        Assert.Equal(HttpStatusCode.Conflict, (await erin.GetAsync(app)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await erin.PostAsync($"{computes}/start", null)).StatusCode);
        // Starting (the page that refreshes) or already Running: either way no longer the stopped answer.
        Assert.NotEqual(HttpStatusCode.Conflict, (await erin.GetAsync(app)).StatusCode);
        await Eventually.UntilAsync(() => erin.GetAsync(app), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "erin's Jupyter through the proxy");

        Assert.Equal(HttpStatusCode.Accepted, (await erin.PostAsync($"{computes}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await erin.GetAsync(app)).StatusCode);
    }
}
