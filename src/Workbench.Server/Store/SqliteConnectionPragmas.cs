using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Workbench.Server.Store;

/// <summary>
/// The settings SQLite keeps per connection, applied as each one opens:
/// <list type="bullet">
/// <item>a busy timeout, so SQLite itself waits for a busy database. Without it Microsoft.Data.Sqlite
/// retries a busy write by sleeping 150 ms, which the benchmark saw as most of the slow creates;</item>
/// <item>how hard a commit waits for the disk. With write-ahead logging, <c>NORMAL</c> (the default
/// here, as in SQLite's own advice for WAL) writes each commit to the log before it returns, so a
/// crash or kill of the server loses nothing, and leaves the fsync to checkpoints: a power cut may
/// roll back the last commits but never corrupts the store. <c>FULL</c> fsyncs every commit (about
/// 3 ms on these machines) and keeps them across a power cut too.</item>
/// </list>
/// Each physical connection gets them once: Microsoft.Data.Sqlite pools its connections, and EF Core opens
/// one for each query, so setting them at every open cost a command a query.
/// </summary>
public sealed class SqliteConnectionPragmas(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA busy_timeout = 30000; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    private readonly ConditionalWeakTable<sqlite3, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Whether this open is the physical connection's first; a connection that is not SQLite's is always new.</summary>
    private bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
}

/// <summary>SQLite's <c>synchronous</c> modes that are safe with write-ahead logging; see <see cref="SqliteConnectionPragmas"/>.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}
