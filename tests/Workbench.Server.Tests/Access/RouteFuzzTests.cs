using System.Net;
using System.Text;
using Workbench.Testing;

namespace Workbench.Server.Tests.Access;

/// <summary>Random names and bodies at every workspace, member, role, quota, audit and user route (and a compute's log and events), as an admin and as a member: never a 5xx.</summary>
public sealed class RouteFuzzTests(RouteFuzzTests.Server server) : IClassFixture<RouteFuzzTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private static readonly string[] Routes =
    [
        "PUT /api/v1/workspaces/{n}", "GET /api/v1/workspaces/{n}", "DELETE /api/v1/workspaces/{n}", "GET /api/v1/workspaces",
        "PUT /api/v1/workspaces/default/members/{n}", "DELETE /api/v1/workspaces/default/members/{n}", "GET /api/v1/workspaces/{n}/members",
        "PUT /api/v1/roles/{n}", "GET /api/v1/roles",
        "PUT /api/v1/workspaces/default/quotas/{n}", "GET /api/v1/workspaces/{n}/quotas",
        "GET /api/v1/audit?since={n}&top={n}", "GET /api/v1/workspaces/{n}/audit?user={n}",
        "PUT /api/v1/workspaces/default/computes/{n}", "POST /api/v1/workspaces/default/computes/{n}/start",
        "POST /api/v1/users", "PUT /api/v1/users/{n}/password", "GET /api/v1/users",
        "GET /api/v1/workspaces/default/computes/{n}/log?lines={n}",
        "GET /api/v1/workspaces/default/computes/{n}/events?top={n}",
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "[]", "null", "5", "\"x\"", "{}", "{\"role\": 5}", "{\"role\": \"Owner\"}", "{\"role\": \"Data Scientist\"}", "{\"role\": null}",
        "{\"vCpus\": \"many\"}", "{\"vCpus\": 99999999999}", "{\"vCpus\": -3}", "{\"vCpus\": 4}", "{\"releaseQuotaOnStop\": \"yes\"}",
        "{\"actions\": [\"*\"], \"notActions\": [null, 3]}", "{\"actions\": \"workspaces/read\"}", "{\"actions\": [\"a**//b\"]}",
        "{\"size\": \"Standard_DS1_v2\", \"start\": \"no\"}", "{\"size\": \"Standard_DS1_v2\", \"start\": false, \"assignTo\": \"admin\"}",
        "{\"name\": \"fz\", \"role\": \"Nope\"}", "{\"password\": 1}",
    ];

    private const string NameAlphabet = "abcXYZ019-_.~ %é'\"*";

    [Fact]
    public async Task EveryRoute_RandomNamesAndBodies_NoServerError()
    {
        var random = new Random(11);
        var admin = server.CreateAdminClient();
        var member = server.CreateClient(await admin.CreateUserAsync("fuzzy"));
        for (var i = 0; i < 600; i++)
        {
            var (method, template) = Routes[random.Next(Routes.Length)].Split(' ') switch { var p => (p[0], p[1]) };
            var path = template.Replace("{n}", Uri.EscapeDataString(RandomName(random)), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is not "GET")
            {
                request.Content = new StringContent(Bodies[random.Next(Bodies.Length)], Encoding.UTF8, "application/json");
            }
            var response = await (random.Next(2) == 0 ? admin : member).SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/workspaces/default")).StatusCode);
    }

    private static string RandomName(Random random) => random.Next(3) == 0
        ? new[] { "default", "total", "standardDSv2Family", "admin", "fuzzy", "Owner", "fz-ws" }[random.Next(7)]
        : new string([.. Enumerable.Range(0, random.Next(0, 70)).Select(_ => NameAlphabet[random.Next(NameAlphabet.Length)])]);
}
