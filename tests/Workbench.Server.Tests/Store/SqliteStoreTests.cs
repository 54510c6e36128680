using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Domain.Workspaces;
using Workbench.Server.Jobs;
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

    /// <summary>
    /// Every filter of the job list reads an index in page order: SQLite's plan has no temporary B-tree, which
    /// would mean every job of the workspace (or compute) read and sorted at each call.
    /// </summary>
    [Theory]
    [InlineData(null, null, null)]
    [InlineData("box", null, null)]
    [InlineData(null, JobState.Queued, null)]
    [InlineData("box", JobState.Running, null)]
    [InlineData(null, null, 500L)]
    [InlineData("box", JobState.Completed, 500L)]
    public async Task JobList_EachFilter_ReadsAnIndexInPageOrder(string? computeKey, JobState? state, long? before)
    {
        await using var db = await NewContextAsync();
        var plan = await PlanAsync(db, JobListQuery.Page(db, Workspace.DefaultName, computeKey, state, before, 51).ToQueryString());

        Assert.Contains("USING INDEX IX_Jobs_Workspace_", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    /// <summary>SQLite's query plan for a query as EF Core prints it: its ".param set @name value" lines, then the SQL.</summary>
    private static async Task<string> PlanAsync(WorkbenchDbContext db, string printed)
    {
        var lines = printed.Split('\n');
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var parameter in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)).Select(l => l.Split(' ', 4)))
        {
            var value = parameter[3].Trim();
            command.Parameters.AddWithValue(parameter[2], value.StartsWith('\'') ? value.Trim('\'') : long.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return string.Join('\n', plan);
    }

    public void Dispose() => _folder.Dispose();
}
