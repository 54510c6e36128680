using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Server.Tests.Access;
using Workbench.Testing;

namespace Workbench.Server.Tests.Quotas;

/// <summary>
/// 100 creates at once against a quota of 11 vCPUs for 2-vCPU instances: exactly 5 are admitted, the other
/// 95 get a 409 that says used, requested and limit; on each store, and on PostgreSQL across two replicas.
/// </summary>
public abstract class QuotaRaceTests
{
    private const int Requests = 100;
    private const int LimitVCpus = 11;
    private const int SizeVCpus = 2;

    /// <summary>The server replicas to spread the requests over, all on one store.</summary>
    protected abstract Task<IReadOnlyList<WorkbenchFactory>> ReplicasAsync();

    [Fact]
    public async Task HundredConcurrentCreates_AdmitExactlyFloorOfLimitOverSize_RefuseTheRestWithNumbers()
    {
        var replicas = await ReplicasAsync();
        try
        {
            var admin = replicas[0].CreateAdminClient();
            await admin.CreateWorkspaceAsync("race");
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/workspaces/race/quotas/standardDSv2Family", new { vCpus = LimitVCpus })).StatusCode);
            var clients = replicas.Select(r => r.CreateAdminClient()).ToList();
            var responses = await Task.WhenAll(Enumerable.Range(0, Requests)
                .Select(i => clients[i % clients.Count].CreateStoppedAsync("race", $"race-{i}", "Standard_DS2_v2")));

            Assert.Equal(LimitVCpus / SizeVCpus, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
            Assert.Equal(Requests - (LimitVCpus / SizeVCpus), refused.Count);
            foreach (var response in refused)
            {
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("urn:workbench:quota-exceeded", problem.GetProperty("type").GetString());
                Assert.Equal((SizeVCpus * (LimitVCpus / SizeVCpus), SizeVCpus, LimitVCpus),
                    (problem.GetProperty("used").GetInt32(), problem.GetProperty("requested").GetInt32(), problem.GetProperty("limit").GetInt32()));
                Assert.Contains("used 10, requested 2, limit 11", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            var usage = await admin.GetFromJsonAsync<JsonElement>("/api/v1/workspaces/race/quotas");
            var family = usage.GetProperty("value").EnumerateArray().Single(q => q.GetProperty("family").GetString() == "standardDSv2Family");
            Assert.Equal((10, 11), (family.GetProperty("used").GetInt32(), family.GetProperty("limit").GetInt32()));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }
}

/// <summary>The race on SQLite, the embedded store.</summary>
public sealed class SqliteQuotaRaceTests : QuotaRaceTests
{
    protected override Task<IReadOnlyList<WorkbenchFactory>> ReplicasAsync() => Task.FromResult<IReadOnlyList<WorkbenchFactory>>([new WorkbenchFactory()]);
}

/// <summary>The race on PostgreSQL, with two server replicas on one database.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresQuotaRaceTests(PostgresServer postgres) : QuotaRaceTests, IClassFixture<PostgresServer>
{
    protected override Task<IReadOnlyList<WorkbenchFactory>> ReplicasAsync()
    {
        // Two replicas share a database, as two servers behind a load balancer would; small pools stay under PostgreSQL's 100 connections.
        var database = postgres.ConnectionString("race_" + Guid.NewGuid().ToString("N")[..8]) + ";Maximum Pool Size=40";
        return Task.FromResult<IReadOnlyList<WorkbenchFactory>>([new PostgresFactory(database), new PostgresFactory(database)]);
    }
}

/// <summary>The server on PostgreSQL.</summary>
public sealed class PostgresFactory(string connectionString) : WorkbenchFactory
{
    protected override string? PostgresConnectionString => connectionString;
}
