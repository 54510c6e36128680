using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>The app proxy with the real server (Kestrel), real Jupyter and a kernel over its websocket.</summary>
[Trait("Category", "Jupyter")]
public sealed class AppProxyTests : IAsyncLifetime
{
    private const string AdminToken = "wb_proxy-test-admin";
    private readonly TempFolder _data = new("wb-proxy");
    private readonly ServerProcess _server;

    public AppProxyTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
    }

    public async ValueTask InitializeAsync() => await _server.StartAsync();

    [Fact]
    public async Task Proxy_OwnerRunsCodeOverWebsocket_OthersAndAdminsGet403_RouteFollowsState()
    {
        var admin = _server.CreateClient();
        var pat = _server.CreateClient(await admin.CreateUserAsync("pat"));
        var quinn = _server.CreateClient(await admin.CreateUserAsync("quinn"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{ApiCalls.Computes}/px-1", new { size = "Standard_DS1_v2", assignTo = "pat" })).StatusCode);
        var early = await pat.GetAsync("/i/default/px-1/jupyter/api/status");
        Assert.True(early.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, early.StatusCode.ToString());
        if (early.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Contains("http-equiv=\"refresh\"", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal("Running", (await admin.WaitForStateAsync("px-1", "Running"))!.State);

        const string app = "/i/default/px-1/jupyter/";
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync($"{app}api/status")).StatusCode);
        var session = await pat.PostAsJsonAsync($"{app}api/sessions", new { path = "proxy-test.ipynb", type = "notebook", kernel = new { name = "python3" } });
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        var kernelId = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kernel").GetProperty("id").GetString();
        var patToken = pat.DefaultRequestHeaders.Authorization!.Parameter!;
        await using (var kernel = await KernelChannel.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.Port}{app}api/kernels/{kernelId}/channels"), patToken))
        {
            Assert.Equal("2", await kernel.ExecuteAsync("1+1"));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"{app}api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quinn.GetAsync($"{app}api/status")).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = new Uri(_server.Url) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{app}api/status")).StatusCode);
        var forged = new HttpRequestMessage(HttpMethod.Get, $"{app}api/status");
        forged.Headers.Authorization = new AuthenticationHeaderValue("token", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(forged)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{ApiCalls.Computes}/px-1/stop", null)).StatusCode);
        await admin.WaitForStateAsync("px-1", "Stopped");
        Assert.Equal(HttpStatusCode.Conflict, (await pat.GetAsync($"{app}api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{ApiCalls.Computes}/px-1/start", null)).StatusCode);
        await admin.WaitForStateAsync("px-1", "Running");
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync($"{app}api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pat.GetAsync("/i/default/px-1/nosuchapp/")).StatusCode);
    }

    [Fact]
    public async Task Proxy_PersonSignsInWithPassword_CookieRunsCodeOverWebsocket_OthersGet403_NoSessionGoesToLogin()
    {
        const string password = "rosas long password";
        var admin = _server.CreateClient();
        await admin.CreateUserAsync("rosa", password);
        await admin.CreateUserAsync("sam", password);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{ApiCalls.Computes}/px-2", new { size = "Standard_DS1_v2", assignTo = "rosa" })).StatusCode);
        Assert.Equal("Running", (await admin.WaitForStateAsync("px-2", "Running"))!.State);
        const string app = "/i/default/px-2/jupyter/";

        using var nobody = Browser(out _);
        var page = new HttpRequestMessage(HttpMethod.Get, $"{app}tree");
        page.Headers.Accept.ParseAdd("text/html");
        var toLogin = await nobody.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.Equal($"{_server.Url}/login?returnUrl=%2Fi%2Fdefault%2Fpx-2%2Fjupyter%2Ftree", toLogin.Headers.Location?.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync($"{app}api/status")).StatusCode);

        using var rosa = Browser(out var rosasCookies);
        var signedIn = await LoginForm.SignInAsync(rosa, "rosa", password, $"{app}tree");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"{app}tree", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await rosa.GetAsync($"{app}tree")).StatusCode);
        var create = new HttpRequestMessage(HttpMethod.Post, $"{app}api/sessions")
        {
            Content = JsonContent.Create(new { path = "cookie-test.ipynb", type = "notebook", kernel = new { name = "python3" } }),
        };
        create.Headers.Add("Origin", _server.Url);
        var session = await rosa.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        var kernelId = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kernel").GetProperty("id").GetString();
        var channels = new Uri($"ws://127.0.0.1:{_server.Port}{app}api/kernels/{kernelId}/channels");
        await using (var kernel = await KernelChannel.ConnectAsync(channels, rosasCookies, _server.Url))
        {
            Assert.Equal("2", await kernel.ExecuteAsync("1+1"));
        }
        await Assert.ThrowsAsync<WebSocketException>(() => KernelChannel.ConnectAsync(channels, rosasCookies, "http://evil.example"));

        using var sam = Browser(out _);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginForm.SignInAsync(sam, "sam", password)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.GetAsync($"{app}api/status")).StatusCode);
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them, as a test of a browser needs.</summary>
    private HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(_server.Url),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }
}
