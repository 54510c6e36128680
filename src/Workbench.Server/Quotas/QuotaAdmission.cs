using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Workbench.Domain.Catalog;
using Workbench.Domain.Computes;
using Workbench.Domain.Quotas;
using Workbench.Server.Catalog;
using Workbench.Server.Store;

namespace Workbench.Server.Quotas;

/// <summary>
/// Decides whether a workspace's quota takes an instance of a size, atomically across requests and server
/// replicas: the decision runs in a transaction whose first statement bumps the workspace's
/// AdmissionVersion, which takes the row's write lock (PostgreSQL) or the database's (SQLite) until the
/// caller commits. So admissions in one workspace happen one at a time, each seeing every earlier one.
/// </summary>
public sealed class QuotaAdmission(IEnumerable<IQuotaUsageSource> sources, QuotaLimits limits, SizeCatalog sizes)
{
    /// <summary>Checks that the instance's size fits; an instance of a size no longer in the catalog is not counted, so it is let in.</summary>
    public Task<Admission> AdmitAsync(WorkbenchDbContext db, ComputeInstance instance, CancellationToken ct) =>
        sizes.Find(instance.Size) is { } size ? AdmitAsync(db, instance.Workspace, size, ct) : Task.FromResult(Admission.None);

    /// <summary>
    /// Checks that <paramref name="size"/> fits. Without a limit on its family or in total nothing is locked.
    /// Otherwise the answer holds the lock: the caller saves what it admits and commits, or disposes to let go.
    /// </summary>
    public async Task<Admission> AdmitAsync(WorkbenchDbContext db, string workspace, Size size, CancellationToken ct)
    {
        var workspaceLimits = await limits.OfAsync(db, workspace, ct);
        if (!workspaceLimits.ContainsKey(size.Family) && !workspaceLimits.ContainsKey(WorkspaceQuota.Total))
        {
            return Admission.None;
        }
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.Workspaces.Where(w => w.Name == workspace)
                .ExecuteUpdateAsync(w => w.SetProperty(x => x.AdmissionVersion, x => x.AdmissionVersion + 1), ct);
            var releaseOnStop = await db.Workspaces.Where(w => w.Name == workspace).Select(w => w.ReleaseQuotaOnStop).FirstAsync(ct);
            var usage = await UsageAsync(db, workspace, releaseOnStop, ct);
            return new Admission(transaction, QuotaLedger.TryReserve(size.Family, size.VCpus, usage, workspaceLimits));
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>What every source holds of the workspace's quota, per family.</summary>
    public async Task<Dictionary<string, int>> UsageAsync(WorkbenchDbContext db, string workspace, bool releaseOnStop, CancellationToken ct)
    {
        var usage = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var (family, vCpus) in await source.VCpusByFamilyAsync(db, workspace, releaseOnStop, ct))
            {
                usage[family] = usage.GetValueOrDefault(family) + vCpus;
            }
        }
        return usage;
    }
}

/// <summary>An admission decision; while it holds a transaction, the workspace's admissions wait for it.</summary>
public sealed class Admission(IDbContextTransaction? transaction, QuotaRefusal? refusal) : IAsyncDisposable
{
    /// <summary>Nothing to decide: no limit applies, or the change takes no quota.</summary>
    public static Admission None { get; } = new(null, null);

    public QuotaRefusal? Refusal => refusal;

    /// <summary>Makes what was saved under the lock durable and lets the next admission in.</summary>
    public Task CommitAsync(CancellationToken ct) => transaction?.CommitAsync(ct) ?? Task.CompletedTask;

    /// <summary>Rolls back what was not committed.</summary>
    public ValueTask DisposeAsync() => transaction?.DisposeAsync() ?? ValueTask.CompletedTask;
}
