using System.Net;
using System.Text.Json;
using Workbench.Cli.Tests.Fakes;
using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.Tests.Client;

// The client has no test project of its own yet; its paging and escaping are what the CLI's list and show rely on.
public sealed class WorkbenchClientTests
{
    [Fact]
    public async Task ListComputesAsync_RelativeAndAbsoluteNextLinks_ReturnsItemsOfEveryPage()
    {
        using var handler = new StubHttpHandler(request => request.RequestUri!.PathAndQuery switch
        {
            "/api/v1/workspaces/default/computes?mine=true" => Page(["a1", "a2"], "/api/v1/workspaces/default/computes?mine=true&skip=2"),
            "/api/v1/workspaces/default/computes?mine=true&skip=2" => Page(["b1"], "http://workbench.test/api/v1/workspaces/default/computes?mine=true&skip=3"),
            "/api/v1/workspaces/default/computes?mine=true&skip=3" => Page(["c1"], null),
            var other => StubHttpHandler.Respond(HttpStatusCode.NotFound, $$"""{"title":"unexpected {{other}}"}"""),
        });
        using var http = handler.CreateClient();

        var result = await new WorkbenchClient(http, "token").ListComputesAsync("default", mine: true, TestContext.Current.CancellationToken);

        Assert.Equal(["a1", "a2", "b1", "c1"], result.Value.Select(instance => instance.Name));
        var json = JsonSerializer.Deserialize<Page<ComputeInstanceResource>>(result.Json, WorkbenchJson.Options)!;
        Assert.Equal(["a1", "a2", "b1", "c1"], json.Value.Select(instance => instance.Name));
        Assert.Null(json.NextLink);
    }

    [Fact]
    public async Task ListComputesAsync_OnePage_JsonIsTheServersBodyUnchanged()
    {
        const string body = """{"value":[],"nextLink":null,"extra":"kept"}""";
        using var handler = new StubHttpHandler(_ => StubHttpHandler.Respond(HttpStatusCode.OK, body));
        using var http = handler.CreateClient();

        var result = await new WorkbenchClient(http, "token").ListComputesAsync("default", mine: false, TestContext.Current.CancellationToken);

        Assert.Equal(body, result.Json);
        Assert.Equal("mine=false", Assert.Single(handler.Requests).RequestUri!.Query.TrimStart('?'));
    }

    [Fact]
    public async Task GetComputeAsync_NamesWithReservedCharacters_EscapesEachPathSegment()
    {
        using var handler = new StubHttpHandler(_ => StubHttpHandler.Respond(HttpStatusCode.OK, Resources.Json(Resources.Compute("box1"))));
        using var http = handler.CreateClient();

        await new WorkbenchClient(http, "token").GetComputeAsync("team a", "x/../y?z", TestContext.Current.CancellationToken);

        Assert.Equal("/api/v1/workspaces/team%20a/computes/x%2F..%2Fy%3Fz", Assert.Single(handler.Requests).RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task GetMeAsync_ServerUnderAPath_SendsBearerTokenToPathBelowIt()
    {
        using var handler = new StubHttpHandler(_ => StubHttpHandler.Respond(HttpStatusCode.OK, """{"name":"alice","isAdmin":false,"createdAt":"2025-01-01T00:00:00Z"}"""));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://workbench.test/prefix") };

        var me = await new WorkbenchClient(http, "s3cret").GetMeAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("alice", me.Value.Name);
        Assert.Equal("http://workbench.test/prefix/api/v1/users/me", request.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer s3cret", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task UpdateComputeAsync_RemovingTheKey_SendsAMergePatchWithNull()
    {
        string? body = null;
        using var handler = new StubHttpHandler(request =>
        {
            body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            return StubHttpHandler.Respond(HttpStatusCode.OK, Resources.Json(Resources.Compute("box1")));
        });
        using var http = handler.CreateClient();

        await new WorkbenchClient(http, "token").UpdateComputeAsync("default", "box1", new UpdateComputeRequest(null), TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Patch, "/api/v1/workspaces/default/computes/box1"), (request.Method, request.RequestUri!.AbsolutePath));
        Assert.Equal("application/merge-patch+json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"sshPublicKey":null}""", body);
    }

    private static HttpResponseMessage Page(string[] names, string? nextLink) =>
        StubHttpHandler.Respond(HttpStatusCode.OK, Resources.Json(new Page<ComputeInstanceResource>([.. names.Select(name => Resources.Compute(name))], nextLink)));
}
