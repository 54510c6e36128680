using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Workbench.Contracts;
using Workbench.Server.Tests.Quotas;
using Workbench.Testing;

namespace Workbench.Server.Tests.Store;

/// <summary>The whole server on PostgreSQL: chosen by ConnectionStrings:Postgres, migrated at start, serving the API and password sign-ins.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresServerTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Server_OnPostgres_MigratesAndServesComputes()
    {
        await using var server = new PostgresFactory(postgres.ConnectionString("server_" + Guid.NewGuid().ToString("N")[..8]));
        var admin = server.CreateAdminClient();
        var user = await admin.PostAsJsonAsync("/api/v1/users", new { name = "pguser", password = "pg user password" });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        var signIn = await server.CreateClient().PostAsJsonAsync("/api/v1/login/token", new { username = "pguser", password = "pg user password", tokenName = "pg" });
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var created = await admin.PutComputeAsync("pg-1", new { size = "Standard_DS1_v2" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutComputeAsync("pg-1", new { size = "Standard_DS1_v2" })).StatusCode);
        var list = await admin.GetFromJsonAsync<Page<ComputeInstanceResource>>(ApiCalls.Computes);
        Assert.Equal("pg-1", Assert.Single(list!.Value).Name);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"{ApiCalls.Computes}/pg-1")).StatusCode);
        await admin.WaitForGoneAsync("pg-1");
    }
}
