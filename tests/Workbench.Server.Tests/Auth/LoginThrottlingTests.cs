using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Testing;

namespace Workbench.Server.Tests.Auth;

/// <summary>Failed sign-ins refused with 429 per user name and per client address, and allowed again once the window has passed.</summary>
public sealed class LoginThrottlingTests(LoginThrottlingTests.Server server) : IClassFixture<LoginThrottlingTests.Server>
{
    public sealed class Server : LoginServer;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task LoginPage_FiveFailuresForOneName_Is429WithRetryAfter_EvenForTheRightPassword_UntilTheWindowPasses()
    {
        await server.CreateUserAsync("tom");
        var browser = server.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginForm.SignInAsync(browser, "tom", $"guess {i}")).StatusCode);
        }

        var refused = await LoginForm.SignInAsync(browser, "tom", LoginServer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(Window, refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed sign-ins", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        server.Time.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginForm.SignInAsync(browser, "tom", LoginServer.Password)).StatusCode);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await LoginForm.SignInAsync(browser, "tom", LoginServer.Password)).StatusCode);
    }

    [Fact]
    public async Task TokenExchange_TwentyFailuresFromOneAddress_Is429ForAnyName_OtherAddressesGoOn_UntilTheWindowPasses()
    {
        await server.CreateUserAsync("ada");
        var attacker = IPAddress.Parse("203.0.113.7");
        for (var i = 0; i < 20; i++)
        {
            // Four names, five guesses each: no name reaches its own limit.
            Assert.Equal(HttpStatusCode.Unauthorized, (await ExchangeAsync(attacker, $"victim{i % 4}", "guess")).StatusCode);
        }

        var refused = await ExchangeAsync(attacker, "ada", LoginServer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(Window, refused.Headers.RetryAfter?.Delta);
        Assert.Equal("urn:workbench:too-many-attempts", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync(IPAddress.Parse("198.51.100.1"), "ada", LoginServer.Password)).StatusCode);
        server.Time.Advance(Window);
        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync(attacker, "ada", LoginServer.Password)).StatusCode);
    }

    [Fact]
    public async Task TokenExchange_FiveFailuresForOneName_Is429FromEveryAddress()
    {
        await server.CreateUserAsync("nina");
        for (var i = 0; i < 5; i++)
        {
            await ExchangeAsync(IPAddress.Parse($"192.0.2.{i + 1}"), "nina", "guess");
        }

        var refused = await server.CreateClient().PostAsJsonAsync("/api/v1/login/token", new { username = "nina", password = LoginServer.Password, tokenName = "t" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    private Task<HttpResponseMessage> ExchangeAsync(IPAddress from, string username, string password) =>
        server.CreateClientAt(from).PostAsJsonAsync("/api/v1/login/token", new { username, password, tokenName = "cli" });
}
