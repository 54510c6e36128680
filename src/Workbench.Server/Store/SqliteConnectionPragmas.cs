using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
/// </summary>
public sealed class SqliteConnectionPragmas(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA busy_timeout = 30000; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>SQLite's <c>synchronous</c> modes that are safe with write-ahead logging; see <see cref="SqliteConnectionPragmas"/>.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}
