using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Drivers.Slurm;
using Workbench.Server.Jobs;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>Turns a stored cluster into what the API shows: its settings, its nodes with their jobs, its job counts.</summary>
public static class ClusterResources
{
    public static async Task<ClusterResource> ToResourceAsync(this Cluster cluster, WorkbenchDbContext db, CancellationToken ct)
    {
        var (nodes, error) = cluster.Driver is ClusterDriver.Slurm ? await SlurmNodesAsync(cluster, db, ct) : (await NodesAsync(cluster, db, ct), null);
        var counts = await JobCountsQuery.ForOneAsync(db, cluster.Workspace, cluster.NameKey, ct);
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
            cluster.Deleting ? "Deleting" : error is not null ? "Unknown" : "Ready",
            cluster.CreatedBy,
            nodes,
            counts,
            cluster.ScaleOutWaits,
            cluster.CreatedAt,
            cluster.UpdatedAt,
            error);
    }

    private static async Task<List<ClusterNodeResource>> NodesAsync(Cluster cluster, WorkbenchDbContext db, CancellationToken ct)
    {
        var nodes = await db.ClusterNodes.AsNoTracking().Where(n => n.ClusterId == cluster.Id).OrderBy(n => n.CreatedAt).ThenBy(n => n.Name).ToListAsync(ct);
        var jobIds = nodes.Where(n => n.JobId is not null).Select(n => n.JobId!.Value).Distinct().ToList();
        var jobNames = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.Name, ct);
        return [.. nodes.Select(n => new ClusterNodeResource(n.Name, n.State.ToString(), n.JobId is { } id ? jobNames.GetValueOrDefault(id) : null, n.Since))];
    }

    /// <summary>
    /// A Slurm cluster's nodes are Slurm's: one row per node its jobs in Slurm hold, named as Slurm named
    /// it once the job runs (its node list, stored when the job was seen running, so a read asks nothing of
    /// slurmctld), and by the partition while the job waits there. Of the jobs that wait in one lane
    /// (<see cref="Clusters.SlurmLanes"/>) only the first holds a node, and none while the lane's job runs. Also what
    /// Slurm's silence left on its jobs, if any (their reconcilers mark it when slurmctld does not answer and
    /// clear it when it does).
    /// </summary>
    private static async Task<(List<ClusterNodeResource> Nodes, string? Error)> SlurmNodesAsync(Cluster cluster, WorkbenchDbContext db, CancellationToken ct)
    {
        var inSlurm = await InSlurm.For(db)(db, cluster.Workspace, cluster.NameKey).ToListAsync(ct);
        var error = inSlurm.Select(j => j.Message).FirstOrDefault(m => m?.StartsWith(JobReconciler.UnknownPrefix, StringComparison.Ordinal) == true)?[JobReconciler.UnknownPrefix.Length..];
        List<ClusterNodeResource> nodes = [.. inSlurm.Where(j => j.State is JobState.Running).SelectMany(j => j.Hosts is { } hosts
            ? SlurmHostList.Expand(hosts).Select(host => new ClusterNodeResource(host, NodeState.Busy.ToString(), j.Name, j.Since))
            : Enumerable.Repeat(InPartition(j.Name, NodeState.Busy, j.Since), j.Nodes))];
        var runningLanes = inSlurm.Where(j => j.State is JobState.Running).Select(j => j.Lane).OfType<int>().ToHashSet();
        nodes.AddRange(inSlurm.Where(j => j.State is JobState.Starting && !(j.Lane is { } lane && runningLanes.Contains(lane)))
            .GroupBy(j => j.Lane is { } lane ? lane : -j.Id).Select(lane => lane.First())
            .SelectMany(j => Enumerable.Repeat(InPartition(j.Name, NodeState.Starting, j.Since), j.Nodes)));
        return (nodes, error);

        // A node Slurm has not named yet (the job waits, or ran before its node list was kept).
        ClusterNodeResource InPartition(string job, NodeState state, DateTimeOffset since) =>
            new($"partition {cluster.Partition}", state.ToString(), job, since);
    }

    private sealed record SlurmJobRow(long Id, string Name, int? Lane, int Nodes, JobState State, string? Hosts, string? Message, DateTimeOffset Since);

    // Compiled once: clients poll a cluster while its jobs run.
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, IAsyncEnumerable<SlurmJobRow>>> InSlurm = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string cluster) => db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && j.TargetKind == TargetKind.Cluster && j.ComputeKey == cluster
                && (j.State == JobState.Starting || j.State == JobState.Running))
            .OrderBy(j => j.Id)
            .Select(j => new SlurmJobRow(j.Id, j.Name, j.Lane, j.Nodes, j.State, j.Hosts, j.Message, j.StartedAt ?? j.UpdatedAt))));
}
