using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Workbench.Server.Store;

/// <summary>The store on SQLite, the embedded default.</summary>
public sealed class SqliteWorkbenchDbContext(DbContextOptions<SqliteWorkbenchDbContext> options) : WorkbenchDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset text; store it as a sortable number.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Lets `dotnet ef` build the SQLite migrations.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkbenchDbContext>
{
    public SqliteWorkbenchDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteWorkbenchDbContext>().UseSqlite("Data Source=design.db").Options);
}
