using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Clusters;
using Workbench.Server.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>Turns a stored cluster into what the API shows: its settings, its nodes with their jobs, its job counts.</summary>
public static class ClusterResources
{
    public static async Task<ClusterResource> ToResourceAsync(this Cluster cluster, WorkbenchDbContext db, CancellationToken ct)
    {
        var nodes = await db.ClusterNodes.AsNoTracking().Where(n => n.ClusterId == cluster.Id).OrderBy(n => n.CreatedAt).ThenBy(n => n.Name).ToListAsync(ct);
        var jobIds = nodes.Where(n => n.JobId is not null).Select(n => n.JobId!.Value).Distinct().ToList();
        var jobNames = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.Name, ct);
        var counts = await JobCountsQuery.ForAsync(db, cluster.Workspace, [cluster.NameKey], ct);
        return new ClusterResource(
            cluster.Name,
            cluster.Workspace,
            cluster.Size,
            cluster.Driver.ToString().ToLowerInvariant(),
            cluster.Partition,
            cluster.MinNodes,
            cluster.MaxNodes,
            cluster.IdleSecondsBeforeScaleDown,
            cluster.Tier is ClusterTier.Dedicated ? "dedicated" : "lowPriority",
            cluster.Deleting ? "Deleting" : "Ready",
            cluster.CreatedBy,
            [.. nodes.Select(n => new ClusterNodeResource(n.Name, n.State.ToString(), n.JobId is { } id ? jobNames.GetValueOrDefault(id) : null, n.Since))],
            counts.GetValueOrDefault(cluster.NameKey, JobCountsQuery.None),
            cluster.ScaleOutWaits,
            cluster.CreatedAt,
            cluster.UpdatedAt);
    }
}
