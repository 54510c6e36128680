using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Server.Catalog;
using Workbench.Server.Quotas;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// The vCPUs clusters hold: on local clusters every node that exists, from the moment it is made until it
/// is gone; on Slurm clusters the nodes their jobs in Slurm can hold at once (one a lane with jobs, see
/// <see cref="SlurmLanes"/>: those waiting behind another hold nothing more) × the cluster's size.
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
            .Join(clusters.Where(c => c.Driver == ClusterDriver.Slurm), j => j.ComputeId, c => (Guid?)c.Id, (j, c) => new { c.Id, c.Size, c.MaxNodes, j.Lane, j.Nodes })
            .ToListAsync(ct);
        var working = inSlurm.GroupBy(j => (j.Id, j.Size, j.MaxNodes))
            .Select(g => (g.Key.Size, new SlurmLanes(g.Key.MaxNodes, g.Select(j => (j.Lane, j.Nodes))).Working));
        return sizes.VCpusByFamily(nodes.Select(c => (c.Size, c.Count)).Concat(working));
    }
}
