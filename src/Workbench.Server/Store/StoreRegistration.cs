using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Workbench.Server.Store;

/// <summary>
/// Chooses the store: PostgreSQL when ConnectionStrings:Postgres is set, else SQLite in the data folder.
/// Contexts are pooled, as a request that misses a cache takes one and gives it back within milliseconds.
/// </summary>
public static class StoreRegistration
{
    /// <summary>How hard a SQLite commit waits for the disk: <see cref="SqliteSynchronous"/>.</summary>
    public const string SynchronousSetting = "Workbench:Store:SqliteSynchronous";

    public static IServiceCollection AddWorkbenchStore(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        services.AddSingleton<StoreCacheInvalidation>();
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return services.AddDbContextPool<WorkbenchDbContext, PostgresWorkbenchDbContext>(
                (provider, o) => o.UseNpgsql(postgres).AddInterceptors(provider.GetRequiredService<StoreCacheInvalidation>()));
        }
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "workbench.db"),
            DefaultTimeout = 30,
        }.ToString();
        var pragmas = new SqliteConnectionPragmas(SynchronousOf(configuration));
        return services.AddDbContextPool<WorkbenchDbContext, SqliteWorkbenchDbContext>(
            (provider, o) => o.UseSqlite(sqlite).AddInterceptors(pragmas, provider.GetRequiredService<StoreCacheInvalidation>()));
    }

    private static SqliteSynchronous SynchronousOf(IConfiguration configuration) => configuration[SynchronousSetting] switch
    {
        null => SqliteSynchronous.Normal,
        var set when Enum.TryParse<SqliteSynchronous>(set, ignoreCase: true, out var mode) && Enum.IsDefined(mode) => mode,
        var set => throw new InvalidOperationException($"{SynchronousSetting} is '{set}'; it must be Normal or Full."),
    };

    /// <summary>Registers a cache of store reads that this server's writes keep current.</summary>
    public static IServiceCollection AddStoreReadCache<TCache>(this IServiceCollection services)
        where TCache : class, IStoreReadCache
    {
        services.AddSingleton<TCache>();
        return services.AddSingleton<IStoreReadCache>(provider => provider.GetRequiredService<TCache>());
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
