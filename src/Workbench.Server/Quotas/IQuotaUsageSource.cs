using Workbench.Server.Store;

namespace Workbench.Server.Quotas;

/// <summary>
/// Something that holds vCPUs of a workspace's quota. Instances are one; cluster nodes add another, and
/// admission adds up them all, so every kind of compute draws on the same quota.
/// </summary>
public interface IQuotaUsageSource
{
    /// <summary>The vCPUs held per VM family, read in the caller's transaction (which holds the admission lock when it matters).</summary>
    Task<IReadOnlyDictionary<string, int>> VCpusByFamilyAsync(WorkbenchDbContext db, string workspace, bool releaseOnStop, CancellationToken ct);
}
