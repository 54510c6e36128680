using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Auth;

/// <summary>Signing in and out in a browser: the form, the session cookie, CSRF and where the browser goes next.</summary>
public sealed class LoginPageTests(LoginPageTests.Server server) : IClassFixture<LoginPageTests.Server>
{
    public sealed class Server : LoginServer;

    [Fact]
    public async Task LoginPage_IsAFormWithAntiforgeryToken_LoadingNothingFromElsewhere()
    {
        var response = await server.CreateBrowser().GetAsync("/login");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\" action=\"/login\">", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"{LoginForm.AntiforgeryField}\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_RightPassword_SetsHttpOnlyLaxSessionCookie_AndGoesToReturnUrl()
    {
        await server.CreateUserAsync("lena");
        var browser = server.CreateBrowser();

        var response = await LoginForm.SignInAsync(browser, "lena", LoginServer.Password, "/i/default/box/jupyter/tree?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/i/default/box/jupyter/tree?x=1", response.Headers.Location?.OriginalString);
        var cookie = SessionCookie(response);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await browser.GetFromJsonAsync<UserResource>("/api/v1/users/me");
        Assert.Equal("lena", me!.Name);
        Assert.Contains("signed in as <strong>lena</strong>", await browser.GetStringAsync("/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_OverHttps_SessionCookieIsSecure()
    {
        await server.CreateUserAsync("hugo");
        var response = await LoginForm.SignInAsync(server.CreateBrowser("https://localhost"), "hugo", LoginServer.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("secure", SessionCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownUser_GetTheSameAnswer_AndNoSession()
    {
        await server.CreateUserAsync("wanda");
        var wrong = await LoginForm.SignInAsync(server.CreateBrowser(), "wanda", "not her password");
        var unknown = await LoginForm.SignInAsync(server.CreateBrowser(), "nobody-here", "not her password");

        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("Wrong user name or password.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(SessionCookieOrNull(response));
        }
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_Is400_AndNoSession()
    {
        await server.CreateUserAsync("carla");
        var browser = server.CreateBrowser();
        await browser.GetAsync("/login");

        var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "carla",
            ["password"] = LoginServer.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SessionCookieOrNull(response));
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task Login_ReturnUrlOffThisServer_IsRefused_GoesToLoginPageInstead(string returnUrl)
    {
        var name = "redir" + Guid.NewGuid().ToString("N")[..8];
        await server.CreateUserAsync(name);
        var browser = server.CreateBrowser();
        Assert.DoesNotContain("evil", await browser.GetStringAsync($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}"), StringComparison.Ordinal);

        var response = await LoginForm.SignInAsync(browser, name, LoginServer.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_Is400_AndTheSessionStays()
    {
        await server.CreateUserAsync("stay");
        var browser = server.CreateBrowser();
        await LoginForm.SignInAsync(browser, "stay", LoginServer.Password);

        var response = await browser.PostAsync("/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_ClearsTheCookie_AndTheBrowserIsSignedOut()
    {
        await server.CreateUserAsync("olga");
        var browser = server.CreateBrowser();
        await LoginForm.SignInAsync(browser, "olga", LoginServer.Password);

        var response = await LoginForm.SignOutAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("expires=Thu, 01 Jan 1970", SessionCookie(response), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task PasswordChange_EndsTheUsersBrowserSessions()
    {
        await server.CreateUserAsync("pete");
        var browser = server.CreateBrowser();
        await LoginForm.SignInAsync(browser, "pete", LoginServer.Password);

        var changed = await server.CreateAdminClient().PutAsJsonAsync("/api/v1/users/pete/password", new { password = "a new password" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task ApiWithSessionCookie_Reads_ButChangesOnlyWithTheAntiforgeryHeader()
    {
        await server.CreateUserAsync("xena");
        var browser = server.CreateBrowser();
        await LoginForm.SignInAsync(browser, "xena", LoginServer.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/users/me/tokens")).StatusCode);

        var refused = await browser.PostAsJsonAsync("/api/v1/users/me/tokens", new { name = "from-page" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("urn:workbench:antiforgery", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var antiforgery = await browser.GetFromJsonAsync<AntiforgeryTokenResource>("/api/v1/antiforgery");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/me/tokens") { Content = JsonContent.Create(new { name = "from-page" }) };
        request.Headers.Add(antiforgery!.HeaderName, antiforgery.Token);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task BearerToken_NeedsNoAntiforgery_AndWinsOverACookie()
    {
        var token = await server.CreateUserAsync("bert");
        var browser = server.CreateBrowser();
        await LoginForm.SignInAsync(browser, "bert", LoginServer.Password);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/me/tokens") { Content = JsonContent.Create(new { name = "script" }) };
        request.Headers.Authorization = new("Bearer", "wb_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(request)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await server.CreateClient(token).PostAsJsonAsync("/api/v1/users/me/tokens", new { name = "script" })).StatusCode);
    }

    [Fact]
    public async Task NoSession_BrowserOpeningAnApp_IsSentToLogin_OtherCallersGet401()
    {
        var browser = server.CreateBrowser();
        var page = new HttpRequestMessage(HttpMethod.Get, "/i/default/box/jupyter/tree?x=1");
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        var redirected = await browser.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fi%2Fdefault%2Fbox%2Fjupyter%2Ftree%3Fx%3D1", redirected.Headers.Location?.PathAndQuery);

        var script = await browser.GetAsync("/i/default/box/jupyter/api/status");
        Assert.Equal(HttpStatusCode.Unauthorized, script.StatusCode);
        Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);

        var apiPage = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        apiPage.Headers.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(apiPage)).StatusCode);
    }

    [Fact]
    public async Task AppProxy_SessionRequestFromAnotherOrigin_Is403()
    {
        await server.CreateUserAsync("oscar");
        var browser = server.CreateBrowser();
        await LoginForm.SignInAsync(browser, "oscar", LoginServer.Password);

        var foreign = new HttpRequestMessage(HttpMethod.Post, "/i/default/box/jupyter/api/kernels");
        foreign.Headers.Add("Origin", "http://evil.localhost");
        var own = new HttpRequestMessage(HttpMethod.Post, "/i/default/box/jupyter/api/kernels");
        own.Headers.Add("Origin", "http://localhost");

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.SendAsync(own)).StatusCode);
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        SessionCookieOrNull(response) ?? throw new Xunit.Sdk.XunitException("No wb_session cookie was set.");

    private static string? SessionCookieOrNull(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault(c => c.StartsWith("wb_session=", StringComparison.Ordinal)) : null;
}
