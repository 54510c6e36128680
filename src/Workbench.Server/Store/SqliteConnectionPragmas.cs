using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workbench.Server.Store;

/// <summary>
/// Lets SQLite itself wait for a busy database on every connection. Without it Microsoft.Data.Sqlite
/// retries a busy write by sleeping 150 ms, which the benchmark saw as most of the slow creates.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
