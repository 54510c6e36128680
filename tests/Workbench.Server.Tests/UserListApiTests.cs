using System.Net;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>GET /api/v1/users: every user, for platform admins only.</summary>
public sealed class UserListApiTests(UserListApiTests.Server server) : IClassFixture<UserListApiTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    [Fact]
    public async Task Users_AdminListsEveryone_OthersAre403()
    {
        var token = await _admin.CreateUserAsync("lister");
        var list = await _admin.GetStringAsync("/api/v1/users");
        Assert.Contains("\"name\":\"lister\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("token", list, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.CreateClient(token).GetAsync("/api/v1/users")).StatusCode);
    }
}
