using System.Text;
using Workbench.Testing;

namespace Workbench.Server.Tests.Clusters;

/// <summary>Random names and bodies at every cluster route, as an admin and as a Data Scientist: never a 5xx.</summary>
public sealed class ClusterFuzzTests(ClusterFuzzTests.Server server) : IClassFixture<ClusterFuzzTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private static readonly string[] Routes =
    [
        "PUT /api/v1/workspaces/default/clusters/{n}", "GET /api/v1/workspaces/default/clusters/{n}",
        "DELETE /api/v1/workspaces/default/clusters/{n}", "GET /api/v1/workspaces/{n}/clusters",
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "[]", "null", "5", "\"x\"", "{}", "{\"size\": 5}", "{\"maxNodes\": 99999999999}", "{\"maxNodes\": 1.5}",
        "{\"size\": \"Standard_DS1_v2\", \"maxNodes\": 1}", "{\"size\": \"Standard_DS1_v2\", \"maxNodes\": 1, \"tier\": \"\"}",
        "{\"size\": \"Standard_DS1_v2\", \"maxNodes\": 1, \"driver\": \"\"}", "{\"minNodes\": -1}", "{\"maxNodes\": 2, \"tier\": \"LOWPRIORITY\"}",
        "{\"size\": \"Standard_DS1_v2\", \"maxNodes\": 1, \"driver\": \"slurm\", \"partition\": \"" + new string('p', 100) + "\"}",
        "{\"size\": \"Standard_DS1_v2\", \"maxNodes\": 1, \"idleSecondsBeforeScaleDown\": 99999999}", "{\"partition\": null, \"driver\": null}",
    ];

    private const string NameAlphabet = "abcXYZ019-_.~ %é'\"*";

    [Fact]
    public async Task EveryClusterRoute_RandomNamesAndBodies_NoServerError()
    {
        var random = new Random(5);
        var admin = server.CreateAdminClient();
        var scientist = server.CreateClient(await admin.CreateUserAsync("fuzzy-scientist"));
        for (var i = 0; i < 400; i++)
        {
            var (method, template) = Routes[random.Next(Routes.Length)].Split(' ') switch { var p => (p[0], p[1]) };
            var path = template.Replace("{n}", Uri.EscapeDataString(RandomName(random)), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "PUT")
            {
                request.Content = new StringContent(Bodies[random.Next(Bodies.Length)], Encoding.UTF8, "application/json");
            }
            var response = await (random.Next(2) == 0 ? admin : scientist).SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string RandomName(Random random) => random.Next(2) == 0
        ? new[] { "default", "fz-cluster", "Fz-Cluster", "abc" }[random.Next(4)]
        : new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => NameAlphabet[random.Next(NameAlphabet.Length)])]);
}
