using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;

namespace Workbench.Server.Tests.Auth;

/// <summary>Passwords through the API: set by admins at creation or later, changed by their owners with the current one, never shown.</summary>
public sealed class PasswordApiTests(PasswordApiTests.Server server) : IClassFixture<PasswordApiTests.Server>
{
    public sealed class Server : LoginServer;

    [Fact]
    public async Task Create_WithPassword_CanSignIn_AndThePasswordIsNeverShown()
    {
        var response = await server.CreateAdminClient().PostAsJsonAsync("/api/v1/users", new { name = "gina", password = LoginServer.Password });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain(LoginServer.Password, body, StringComparison.Ordinal);
        var gina = server.CreateClient(JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!);
        var me = await gina.GetStringAsync("/api/v1/users/me");
        Assert.True(JsonDocument.Parse(me).RootElement.GetProperty("hasPassword").GetBoolean());
        Assert.DoesNotContain("AQAAAA", me, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync("gina", LoginServer.Password)).StatusCode);
    }

    [Fact]
    public async Task Create_ShortPassword_Is400NamingPassword_AndNoUserIsMade()
    {
        var response = await server.CreateAdminClient().PostAsJsonAsync("/api/v1/users", new { name = "shorty", password = "1234567" });

        await AssertInvalidAsync(response, "password", "8 to 1024 characters");
        Assert.Equal(HttpStatusCode.NotFound, (await server.CreateAdminClient().PutAsJsonAsync("/api/v1/users/shorty/password", new { password = LoginServer.Password })).StatusCode);
    }

    [Fact]
    public async Task Set_ByAdmin_ReplacesIt_WithoutTheCurrentOne()
    {
        await server.CreateUserAsync("ivan");

        var set = await server.CreateAdminClient().PutAsJsonAsync("/api/v1/users/ivan/password", new { password = "ivans new password" });

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ExchangeAsync("ivan", LoginServer.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync("ivan", "ivans new password")).StatusCode);
    }

    [Fact]
    public async Task Set_Own_NeedsTheRightCurrentPassword()
    {
        var judy = server.CreateClient(await server.CreateUserAsync("judy"));

        await AssertInvalidAsync(await judy.PutAsJsonAsync("/api/v1/users/judy/password", new { password = "judys new password" }), "currentPassword", "current password");
        await AssertInvalidAsync(
            await judy.PutAsJsonAsync("/api/v1/users/judy/password", new { password = "judys new password", currentPassword = "a wrong guess" }),
            "currentPassword", "not right");
        var changed = await judy.PutAsJsonAsync("/api/v1/users/judy/password", new { password = "judys new password", currentPassword = LoginServer.Password });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync("judy", "judys new password")).StatusCode);
    }

    [Fact]
    public async Task Set_OwnFirstPassword_NeedsNoCurrentOne()
    {
        var created = await server.CreateAdminClient().PostAsJsonAsync("/api/v1/users", new { name = "kurt" });
        var kurt = server.CreateClient((await created.Content.ReadFromJsonAsync<CreatedUserResponse>())!.Token);

        Assert.Equal(HttpStatusCode.NoContent, (await kurt.PutAsJsonAsync("/api/v1/users/kurt/password", new { password = LoginServer.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync("kurt", LoginServer.Password)).StatusCode);
    }

    [Fact]
    public async Task Set_SomeoneElses_AsNonAdmin_Is403()
    {
        await server.CreateUserAsync("lisa");
        var mark = server.CreateClient(await server.CreateUserAsync("mark"));

        var response = await mark.PutAsJsonAsync("/api/v1/users/lisa/password", new { password = "marks choice for lisa", currentPassword = LoginServer.Password });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync("lisa", LoginServer.Password)).StatusCode);
    }

    [Fact]
    public async Task Set_TooShort_Is400_AndTheOldOneStays()
    {
        await server.CreateUserAsync("nora");

        await AssertInvalidAsync(await server.CreateAdminClient().PutAsJsonAsync("/api/v1/users/nora/password", new { password = "short" }), "password", "8 to 1024");
        Assert.Equal(HttpStatusCode.Created, (await ExchangeAsync("nora", LoginServer.Password)).StatusCode);
    }

    [Fact]
    public async Task Set_UnknownUser_Is404() =>
        Assert.Equal(HttpStatusCode.NotFound,
            (await server.CreateAdminClient().PutAsJsonAsync("/api/v1/users/ghost/password", new { password = LoginServer.Password })).StatusCode);

    [Fact]
    public async Task Exchange_RightPassword_GivesAWorkingTokenListedUnderItsName()
    {
        await server.CreateUserAsync("owen");

        var response = await ExchangeAsync("owen", LoginServer.Password, "owens laptop");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedTokenResponse>())!;
        var owen = server.CreateClient(created.Token);
        Assert.Equal("owen", (await owen.GetFromJsonAsync<UserResource>("/api/v1/users/me"))!.Name);
        var tokens = await owen.GetFromJsonAsync<Page<TokenResource>>("/api/v1/users/me/tokens");
        Assert.Contains(tokens!.Value, t => t.Id == created.Id && t.Name == "owens laptop");
    }

    [Fact]
    public async Task Exchange_WrongPasswordAndUnknownUser_GetTheSame401Problem()
    {
        await server.CreateUserAsync("pia");

        var wrong = await (await ExchangeAsync("pia", "not it")).Content.ReadFromJsonAsync<JsonElement>();
        var unknown = await (await ExchangeAsync("no-such-user", "not it")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(401, wrong.GetProperty("status").GetInt32());
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
        Assert.Equal(wrong.GetProperty("type").GetString(), unknown.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Exchange_NoTokenName_Is400NamingTokenName()
    {
        await server.CreateUserAsync("quin");

        await AssertInvalidAsync(await ExchangeAsync("quin", LoginServer.Password, " "), "tokenName", "name");
    }

    private Task<HttpResponseMessage> ExchangeAsync(string username, string password, string tokenName = "test") =>
        server.CreateClient().PostAsJsonAsync("/api/v1/login/token", new { username, password, tokenName });

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field, string says)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(says, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }
}
