using Microsoft.EntityFrameworkCore;
using Workbench.Server.Store;
using Workbench.Testing;

namespace Workbench.Server.Tests.Store;

public sealed class SqliteStoreTests : StoreTests, IDisposable
{
    private readonly TempFolder _folder = new("wb-sqlite");

    protected override async Task<WorkbenchDbContext> NewContextAsync()
    {
        var options = new DbContextOptionsBuilder<SqliteWorkbenchDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder.Path, "store.db")};Pooling=False")
            .AddInterceptors(new SqliteConnectionPragmas(SqliteSynchronous.Normal)).Options;
        var db = new SqliteWorkbenchDbContext(options);
        await SeedAsync(db);
        return db;
    }

    public void Dispose() => _folder.Dispose();
}
