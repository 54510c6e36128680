using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Server.Store;
using Workbench.Testing;

namespace Workbench.Server.Tests.Store;

/// <summary>The settings every SQLite connection of the server gets, read back from a real database.</summary>
public sealed class SqliteConnectionPragmasTests : IDisposable
{
    private readonly TempFolder _data = new("wb-sqlite-pragmas");

    [Theory]
    [InlineData(null, 1L)]
    [InlineData("Normal", 1L)]
    [InlineData("Full", 2L)]
    public async Task Connection_HasTheConfiguredSynchronousMode_AndABusyTimeout(string? setting, long expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new(StoreRegistration.SynchronousSetting, setting)])
            .Build();
        await using var services = new ServiceCollection().AddSingleton(TimeProvider.System)
            .AddWorkbenchStore(configuration, _data.Path).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        await db.Database.OpenConnectionAsync();

        Assert.Equal(expected, await PragmaAsync(db, "synchronous"));
        Assert.Equal(30_000L, await PragmaAsync(db, "busy_timeout"));
    }

    [Fact]
    public async Task PooledConnection_KeepsTheSettings_AndANewOneGetsThem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(StoreRegistration.SynchronousSetting, "Full")]).Build();
        await using var services = new ServiceCollection().AddSingleton(TimeProvider.System)
            .AddWorkbenchStore(configuration, _data.Path).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        var physical = new List<object>();

        foreach (var clearPools in new[] { false, false, true })
        {
            if (clearPools)
            {
                SqliteConnection.ClearAllPools();
            }
            await db.Database.OpenConnectionAsync();
            physical.Add(((SqliteConnection)db.Database.GetDbConnection()).Handle!);
            Assert.Equal(2L, await PragmaAsync(db, "synchronous"));
            Assert.Equal(30_000L, await PragmaAsync(db, "busy_timeout"));
            await db.Database.CloseConnectionAsync();
        }

        // The second open took the first's pooled connection; the third, after the pools were cleared, a new one.
        Assert.Same(physical[0], physical[1]);
        Assert.NotSame(physical[1], physical[2]);
    }

    [Theory]
    [InlineData("Off")]
    [InlineData("7")]
    public void UnknownSynchronousMode_IsRefusedNamingTheChoices(string setting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(StoreRegistration.SynchronousSetting, setting)]).Build();
        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddWorkbenchStore(configuration, _data.Path));
        Assert.Equal($"Workbench:Store:SqliteSynchronous is '{setting}'; it must be Normal or Full.", refused.Message);
    }

    private static async Task<long> PragmaAsync(WorkbenchDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _data.Dispose();
}
