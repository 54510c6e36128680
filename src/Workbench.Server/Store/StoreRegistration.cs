using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Workbench.Server.Store;

/// <summary>Chooses the store: PostgreSQL when ConnectionStrings:Postgres is set, else SQLite in the data folder.</summary>
public static class StoreRegistration
{
    public static IServiceCollection AddWorkbenchStore(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return services.AddDbContext<WorkbenchDbContext, PostgresWorkbenchDbContext>(o => o.UseNpgsql(postgres));
        }
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "workbench.db"),
            DefaultTimeout = 30,
        }.ToString();
        var busyTimeout = new SqliteBusyTimeout();
        return services.AddDbContext<WorkbenchDbContext, SqliteWorkbenchDbContext>(o => o.UseSqlite(sqlite).AddInterceptors(busyTimeout));
    }

    /// <summary>Brings the schema up to date; on SQLite also turns on write-ahead logging, which survives restarts.</summary>
    public static async Task MigrateAsync(this WorkbenchDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
