using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Workbench.Domain.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>
/// A pass's claim on a compute's slots: its <see cref="SlotLedger"/>'s version moved on by one if it is still the
/// version the pass read. One UPDATE, its SQL made once for each model from the model's own table and column names:
/// ExecuteUpdate built its query and looked it up in EF Core's query cache at every pass (~1.6% of the server's CPU
/// through a queue drain), and EF Core cannot compile an ExecuteUpdate.
/// </summary>
internal static class SlotLedgerBump
{
    private static readonly ConditionalWeakTable<IModel, string> SqlByModel = [];

    /// <summary>True when this pass moved the version on; false when another pass did first.</summary>
    public static async Task<bool> TryAsync(WorkbenchDbContext db, TargetKey key, long version, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(SqlByModel.GetValue(db.Model, _ => Sql(db)),
            [version + 1, key.Workspace, key.Kind.ToString(), key.Compute, version], cancellationToken) == 1;

    private static string Sql(WorkbenchDbContext db)
    {
        var ledger = db.Model.FindEntityType(typeof(SlotLedger))!;
        var table = StoreObjectIdentifier.Table(ledger.GetTableName()!, ledger.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(ledger.FindProperty(property)!.GetColumnName(table)!);
        var version = Column(nameof(SlotLedger.Version));
        return $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {version} = {{0}} WHERE {Column(nameof(SlotLedger.Workspace))} = {{1}} " +
            $"AND {Column(nameof(SlotLedger.Kind))} = {{2}} AND {Column(nameof(SlotLedger.Target))} = {{3}} AND {version} = {{4}}";
    }
}
