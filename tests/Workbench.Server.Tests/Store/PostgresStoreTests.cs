using Microsoft.EntityFrameworkCore;
using Workbench.Server.Store;
using Workbench.Testing;

namespace Workbench.Server.Tests.Store;

/// <summary>The store tests on a real PostgreSQL started for this class.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresStoreTests(PostgresServer postgres) : StoreTests, IClassFixture<PostgresServer>
{
    private readonly string _database = "store_" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task<WorkbenchDbContext> NewContextAsync()
    {
        var options = new DbContextOptionsBuilder<PostgresWorkbenchDbContext>().UseNpgsql(postgres.ConnectionString(_database)).Options;
        var db = new PostgresWorkbenchDbContext(options);
        await SeedAsync(db);
        return db;
    }
}
