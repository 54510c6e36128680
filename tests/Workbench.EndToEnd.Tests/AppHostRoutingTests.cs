using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>
/// Apps on their own origins ({instance}--{app}--{workspace}.{BaseDomain}) with the real server and
/// Jupyter. No DNS knows the test's base domain, so the client connects every name to 127.0.0.1.
/// </summary>
[Trait("Category", "Jupyter")]
public sealed class AppHostRoutingTests : IAsyncLifetime
{
    private const string AdminToken = "wb_host-routing-admin";
    private const string BaseDomain = "apps.test";
    private readonly TempFolder _data = new("wb-hosts");
    private readonly ServerProcess _server;
    private readonly SocketsHttpHandler _loopback;

    public AppHostRoutingTests()
    {
        var settings = new Dictionary<string, string> { ["Workbench:Apps:BaseDomain"] = BaseDomain };
        _server = new ServerProcess(_data.Path, AdminToken, settings);
        settings["Workbench:Apps:ServerUrl"] = _server.Url;
        _loopback = LoopbackHandler(cookies: null);
    }

    /// <summary>Connects every host name to the server; with cookies, it keeps them per host as a browser does.</summary>
    private SocketsHttpHandler LoopbackHandler(CookieContainer? cookies) =>
        new()
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, _server.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };

    public async ValueTask InitializeAsync() => await _server.StartAsync();

    [Fact]
    public async Task AppHost_ServesTheOwnersApp_AndNothingElse()
    {
        var admin = _server.CreateClient();
        var patToken = await admin.CreateUserAsync("pat");
        var quinnToken = await admin.CreateUserAsync("quinn");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{ApiCalls.Computes}/Host-1", new { size = "Standard_DS1_v2", assignTo = "pat" })).StatusCode);
        Assert.Equal("Running", (await admin.WaitForStateAsync("Host-1", "Running"))!.State);

        var origin = $"http://host-1--jupyter--default.{BaseDomain}:{_server.Port}";
        var home = await SendAsync(HttpMethod.Get, $"{origin}/", patToken);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        var lowercase = await SendAsync(HttpMethod.Get, $"{origin}{home.Headers.Location}api/status", patToken);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, lowercase.StatusCode);
        Assert.Equal("/i/default/Host-1/jupyter/api/status", lowercase.Headers.Location!.OriginalString);

        const string app = "/i/default/Host-1/jupyter/";
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"{origin}{app}api/status", patToken)).StatusCode);
        var session = await SendAsync(HttpMethod.Post, $"{origin}{app}api/sessions", patToken,
            JsonContent.Create(new { path = "hosts.ipynb", type = "notebook", kernel = new { name = "python3" } }));
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        var kernelId = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kernel").GetProperty("id").GetString();
        var socketUri = new Uri($"ws://host-1--jupyter--default.{BaseDomain}:{_server.Port}{app}api/kernels/{kernelId}/channels");
        using (var invoker = new HttpMessageInvoker(_loopback, disposeHandler: false))
        await using (var kernel = await KernelChannel.ConnectAsync(socketUri, patToken, invoker))
        {
            Assert.Equal("2", await kernel.ExecuteAsync("1+1"));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"{origin}{app}api/status", quinnToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"{origin}{app}api/status", AdminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, $"{origin}{app}api/status", null)).StatusCode);
        // The app's origin is not Workbench's: no API there, no other app.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"{origin}/api/v1/users/me", patToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"{origin}/i/default/other/jupyter/", patToken)).StatusCode);
        // A browser asking the main host is sent to the app's origin; a script with a token is served in place.
        var browser = await SendAsync(HttpMethod.Get, $"{_server.Url}{app}tree?x=1", null);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, browser.StatusCode);
        Assert.Equal($"http://host-1--jupyter--default.{BaseDomain}:{_server.Port}{app}tree?x=1", browser.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"{_server.Url}{app}api/status", patToken)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{ApiCalls.Computes}/Host-1/stop", null)).StatusCode);
        await admin.WaitForStateAsync("Host-1", "Stopped");
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Get, $"{origin}{app}api/status", patToken)).StatusCode);
    }

    [Fact]
    public async Task Browser_SignedInToWorkbench_IsHandedASessionOnTheAppOrigin_OnlyForItsOwnInstance()
    {
        const string password = "rosas long password";
        var admin = _server.CreateClient();
        await admin.CreateUserAsync("rosa", password);
        await admin.CreateUserAsync("sam", password);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{ApiCalls.Computes}/rosa-box", new { size = "Standard_DS1_v2", assignTo = "rosa" })).StatusCode);
        Assert.Equal("Running", (await admin.WaitForStateAsync("rosa-box", "Running"))!.State);
        var appOrigin = $"http://rosa-box--jupyter--default.{BaseDomain}:{_server.Port}";
        const string tree = "/i/default/rosa-box/jupyter/tree";

        var cookies = new CookieContainer();
        using var rosa = new HttpClient(LoopbackHandler(cookies)) { BaseAddress = new Uri(_server.Url), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.Redirect, (await LoginForm.SignInAsync(rosa, "rosa", password)).StatusCode);

        // Main host → the app's origin → no session there → Workbench's hand-off page.
        var toApp = await rosa.SendAsync(Page($"{_server.Url}{tree}"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, toApp.StatusCode);
        var toHandoff = await rosa.SendAsync(Page(toApp.Headers.Location!.AbsoluteUri));
        Assert.Equal(HttpStatusCode.Redirect, toHandoff.StatusCode);
        Assert.StartsWith($"{_server.Url}/login/app?target=", toHandoff.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var handoff = await rosa.SendAsync(Page(toHandoff.Headers.Location.AbsoluteUri));
        Assert.Equal(HttpStatusCode.OK, handoff.StatusCode);
        var form = await handoff.Content.ReadAsStringAsync();
        Assert.Contains($"action=\"{appOrigin}/.workbench/session\"", form, StringComparison.Ordinal);
        var fields = new Dictionary<string, string> { ["ticket"] = Field(form, "ticket"), ["target"] = Field(form, "target") };

        var opened = await rosa.PostAsync($"{appOrigin}/.workbench/session", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(tree, opened.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await rosa.SendAsync(Page($"{appOrigin}{tree}"))).StatusCode);
        Assert.Contains(cookies.GetCookies(new Uri(appOrigin)), c => c.Name == "wb_session" && c.HttpOnly && c.Domain == new Uri(appOrigin).Host);
        var replayed = await rosa.PostAsync($"{appOrigin}/.workbench/session", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);

        var session = new HttpRequestMessage(HttpMethod.Post, $"{appOrigin}/i/default/rosa-box/jupyter/api/sessions")
        {
            Content = JsonContent.Create(new { path = "origin.ipynb", type = "notebook", kernel = new { name = "python3" } }),
        };
        session.Headers.Add("Origin", appOrigin);
        var created = await rosa.SendAsync(session);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var kernelId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kernel").GetProperty("id").GetString();
        var channels = new Uri($"ws://rosa-box--jupyter--default.{BaseDomain}:{_server.Port}/i/default/rosa-box/jupyter/api/kernels/{kernelId}/channels");
        using (var invoker = new HttpMessageInvoker(_loopback, disposeHandler: false))
        await using (var kernel = await KernelChannel.ConnectAsync(channels, cookies.GetCookieHeader(new Uri(appOrigin)), appOrigin, invoker))
        {
            Assert.Equal("2", await kernel.ExecuteAsync("1+1"));
        }

        // Sam, signed in to Workbench, gets no ticket for Rosa's instance.
        using var sam = new HttpClient(LoopbackHandler(new CookieContainer())) { BaseAddress = new Uri(_server.Url), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.Redirect, (await LoginForm.SignInAsync(sam, "sam", password)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.SendAsync(Page(toHandoff.Headers.Location.AbsoluteUri))).StatusCode);
        // A ticket made for one app host opens nothing on another.
        var other = await rosa.PostAsync($"http://other--jupyter--default.{BaseDomain}:{_server.Port}/.workbench/session", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["ticket"] = Field(await (await rosa.SendAsync(Page(toHandoff.Headers.Location.AbsoluteUri))).Content.ReadAsStringAsync(), "ticket") }));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    private static HttpRequestMessage Page(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    private static string Field(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, HttpContent? content = null)
    {
        using var client = new HttpClient(_loopback, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _loopback.Dispose();
        _data.Dispose();
    }
}
