using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;

namespace Workbench.Server.Tests;

/// <summary>Personal API tokens: made with a name, listed without secrets, revoked at once.</summary>
public sealed class TokenApiTests(TokenApiTests.Server server) : IClassFixture<TokenApiTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private const string Tokens = "/api/v1/users/me/tokens";

    [Fact]
    public async Task Token_CreateListRevoke_StopsWorkingAtOnce()
    {
        var admin = server.CreateAdminClient();
        var response = await admin.PostAsJsonAsync(Tokens, new { name = "laptop" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedTokenResponse>())!;
        var laptop = server.CreateClient(created.Token);
        Assert.Equal("admin", (await laptop.GetFromJsonAsync<UserResource>("/api/v1/users/me"))!.Name);

        var listed = await admin.GetStringAsync(Tokens);
        Assert.Contains("laptop", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Token, listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await laptop.DeleteAsync($"{Tokens}/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task Revoke_SomeoneElsesToken_Is404_AndItKeepsWorking()
    {
        var admin = server.CreateAdminClient();
        var user = await (await admin.PostAsJsonAsync("/api/v1/users", new { name = "tina" })).Content.ReadFromJsonAsync<CreatedUserResponse>();
        var tina = server.CreateClient(user!.Token);
        var tinasTokens = await tina.GetFromJsonAsync<Page<TokenResource>>(Tokens);
        var tinasId = Assert.Single(tinasTokens!.Value).Id;

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{Tokens}/{tinasId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tina.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public async Task Create_BadName_Is400NamingName(string name)
    {
        var response = await server.CreateAdminClient().PostAsJsonAsync(Tokens, new { name });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }
}
