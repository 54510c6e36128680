using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Workbench.Server.Store;

/// <summary>The store on PostgreSQL, chosen by a ConnectionStrings:Postgres setting.</summary>
public sealed class PostgresWorkbenchDbContext(DbContextOptions<PostgresWorkbenchDbContext> options) : WorkbenchDbContext(options);

/// <summary>Lets `dotnet ef` build the PostgreSQL migrations.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresWorkbenchDbContext>
{
    public PostgresWorkbenchDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresWorkbenchDbContext>().UseNpgsql("Host=localhost").Options);
}
