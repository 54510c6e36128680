using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Server.Catalog;
using Workbench.Server.Quotas;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// The vCPUs clusters hold: on local clusters every node that exists, from the moment it is made until it
/// is gone; on Slurm clusters every job handed to Slurm and not yet ended, as its nodes × the cluster's size.
/// </summary>
public sealed class ClusterQuotaUsage(SizeCatalog sizes) : IQuotaUsageSource
{
    public async Task<IReadOnlyDictionary<string, int>> VCpusByFamilyAsync(WorkbenchDbContext db, string workspace, bool releaseOnStop, CancellationToken ct)
    {
        var clusters = db.Clusters.AsNoTracking().Where(c => c.Workspace == workspace);
        var nodes = await db.ClusterNodes.AsNoTracking()
            .Join(clusters, n => n.ClusterId, c => c.Id, (n, c) => c.Size)
            .GroupBy(size => size)
            .Select(g => new { Size = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var inSlurm = await db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && j.TargetKind == TargetKind.Cluster && (j.State == JobState.Starting || j.State == JobState.Running))
            .Join(clusters.Where(c => c.Driver == ClusterDriver.Slurm), j => j.ComputeId, c => (Guid?)c.Id, (j, c) => new { c.Size, j.Nodes })
            .GroupBy(x => x.Size)
            .Select(g => new { Size = g.Key, Count = g.Sum(x => x.Nodes) })
            .ToListAsync(ct);
        return sizes.VCpusByFamily(nodes.Concat(inSlurm).Select(c => (c.Size, c.Count)));
    }
}
