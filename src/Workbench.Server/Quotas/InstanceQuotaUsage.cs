using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Computes;
using Workbench.Server.Catalog;
using Workbench.Server.Store;

namespace Workbench.Server.Quotas;

/// <summary>The vCPUs compute instances hold: those wanted running, and stopped ones unless the workspace releases quota on stop.</summary>
public sealed class InstanceQuotaUsage(SizeCatalog sizes) : IQuotaUsageSource
{
    public async Task<IReadOnlyDictionary<string, int>> VCpusByFamilyAsync(WorkbenchDbContext db, string workspace, bool releaseOnStop, CancellationToken ct)
    {
        // The same rule as ComputeInstance.HoldsQuota, in a form the store can run.
        var counts = await db.Instances.AsNoTracking()
            .Where(i => i.Workspace == workspace
                && (i.DesiredState == DesiredState.Running || (!releaseOnStop && i.DesiredState == DesiredState.Stopped)))
            .GroupBy(i => i.Size)
            .Select(g => new { Size = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return sizes.VCpusByFamily(counts.Select(c => (c.Size, c.Count)));
    }
}
