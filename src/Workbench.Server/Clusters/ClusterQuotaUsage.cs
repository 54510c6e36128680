using Microsoft.EntityFrameworkCore;
using Workbench.Server.Catalog;
using Workbench.Server.Quotas;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>The vCPUs cluster nodes hold: every node that exists, from the moment it is made until it is gone.</summary>
public sealed class ClusterQuotaUsage(SizeCatalog sizes) : IQuotaUsageSource
{
    public async Task<IReadOnlyDictionary<string, int>> VCpusByFamilyAsync(WorkbenchDbContext db, string workspace, bool releaseOnStop, CancellationToken ct)
    {
        var counts = await db.ClusterNodes.AsNoTracking()
            .Join(db.Clusters.AsNoTracking().Where(c => c.Workspace == workspace), n => n.ClusterId, c => c.Id, (n, c) => c.Size)
            .GroupBy(size => size)
            .Select(g => new { Size = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var usage = new Dictionary<string, int>();
        foreach (var (size, count) in counts.Select(c => (sizes.Find(c.Size), c.Count)).Where(c => c.Item1 is not null))
        {
            usage[size!.Family] = usage.GetValueOrDefault(size.Family) + size.VCpus * count;
        }
        return usage;
    }
}
