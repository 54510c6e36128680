using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Jobs;
using Workbench.Server.Quotas;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// The autoscaler of one cluster. Level-triggered: each pass looks at the stored cluster, its nodes, its
/// jobs and what the driver sees, never at what just happened, so a pass after a crash, or twice in a
/// row, is always safe. A pass starts nodes that were made, drops nodes whose processes are gone, frees
/// nodes whose job ended, gives idle nodes to queued jobs in submit order, makes nodes for the jobs left
/// waiting (up to maxNodes, each admitted against the workspace's vCPU quota in a store transaction),
/// and lets nodes idle past the cluster's idle time leave, down to minNodes. Nodes are stored before
/// their driver starts them and their handle right after, so a restarted server finds them again.
/// A Slurm cluster has no nodes of Workbench's: its pass is <see cref="SlurmClusterPass"/>.
/// </summary>
public sealed partial class ClusterReconciler(
    WorkbenchDbContext db,
    ClusterDrivers drivers,
    SlurmClusterPass slurm,
    NodeSpecs specs,
    QuotaAdmission quotas,
    JobQueue jobs,
    TimeProvider time,
    ILogger<ClusterReconciler> logger)
{
    /// <summary>How many of the oldest queued jobs a pass looks at.</summary>
    private const int Window = JobDispatcher.Window;

    /// <summary>How soon a pass looks again while scale-out waits for quota to free (nothing announces that).</summary>
    private static readonly TimeSpan WaitingLookAgain = TimeSpan.FromSeconds(2);

    public async Task<ReconcileResult> ReconcileAsync(TargetKey key, CancellationToken ct)
    {
        var cluster = await db.Clusters.FirstOrDefaultAsync(c => c.Workspace == key.Workspace && c.NameKey == key.Compute, ct);
        if (cluster is null)
        {
            // Its queued jobs wait for a cluster of that name, as an instance's do.
            return ReconcileResult.Done;
        }
        var nodes = await db.ClusterNodes.Where(n => n.ClusterId == cluster.Id).ToListAsync(ct);
        if (cluster.Driver is ClusterDriver.Slurm && drivers.JobsOf(cluster.Driver) is not null)
        {
            return await slurm.ReconcileAsync(cluster, ct);
        }
        if (drivers.NodesOf(cluster.Driver) is not { } backend)
        {
            return await WithoutDriverAsync(cluster, nodes, ct);
        }
        var startFailure = await ObserveAsync(cluster, nodes, backend.Nodes, ct);
        await FreeAsync(nodes, ct);
        if (cluster.Deleting)
        {
            return await DeleteAsync(cluster, nodes, backend.Nodes, ct);
        }
        var waiting = await AssignAsync(cluster, nodes, ct);
        // After a failed start, the next node is made on a later pass, not at once and for ever.
        var reason = startFailure ?? await ScaleOutAsync(cluster, nodes, waiting, ct);
        var nextLeave = await ScaleDownAsync(cluster, nodes, waiting, backend.Nodes, ct);
        cluster.WaitsBecause(reason, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        if (nodes.Any(n => n.State is NodeState.Starting))
        {
            return ReconcileResult.After(TimeSpan.Zero);
        }
        return reason is not null ? ReconcileResult.After(WaitingLookAgain)
            : nextLeave is { } leave ? ReconcileResult.After(leave)
            : ReconcileResult.Done;
    }

    /// <summary>
    /// Starts nodes that were made, drops nodes whose processes are gone, and releases nodes on their way out.
    /// Returns why a node could not start, or null.
    /// </summary>
    private async Task<string?> ObserveAsync(Cluster cluster, List<ClusterNode> nodes, IComputeDriver driver, CancellationToken ct)
    {
        string? startFailure = null;
        foreach (var node in nodes.ToList())
        {
            switch (node.State)
            {
                case NodeState.Starting:
                    startFailure ??= await StartAsync(cluster, node, driver, ct);
                    break;
                case NodeState.Idle or NodeState.Busy:
                    var observed = await driver.ObserveAsync(node.Id, node.DriverHandle, ct);
                    if (observed is Observation.Gone or Observation.Exited)
                    {
                        Log.NodeLost(logger, node.Name, observed.ToString());
                        node.Lost(time.GetUtcNow());
                        await db.SaveChangesAsync(ct);
                        if (node.JobId is { } job)
                        {
                            jobs.Enqueue(job);
                        }
                    }
                    break;
            }
            if (node.State is NodeState.Leaving)
            {
                await driver.ReleaseAsync(node.Id, node.DriverHandle, ct);
                db.ClusterNodes.Remove(node);
                await db.SaveChangesAsync(ct);
                nodes.Remove(node);
                Log.NodeLeft(logger, node.Name);
            }
        }
        return startFailure;
    }

    /// <summary>Starts a node; returns why it could not start (it then leaves), or null.</summary>
    private async Task<string?> StartAsync(Cluster cluster, ClusterNode node, IComputeDriver driver, CancellationToken ct)
    {
        string? failure = null;
        if (specs.Of(cluster, node) is not { } spec)
        {
            failure = $"scale-out waits: size {cluster.Size} is no longer in the catalog; no node of it can start.";
            node.Lost(time.GetUtcNow());
        }
        else
        {
            try
            {
                // Idempotent per node: after a crash mid-start this finds the node's processes and returns their handle.
                node.Started(await driver.StartAsync(spec, ct), time.GetUtcNow());
                Log.NodeStarted(logger, node.Name, cluster.Workspace);
            }
            catch (DriverException e)
            {
                failure = $"scale-out waits: a node could not start: {e.Message}";
                node.Lost(time.GetUtcNow());
            }
        }
        await db.SaveChangesAsync(ct);
        return failure;
    }

    /// <summary>A busy node whose job ended (or went back to the queue) is idle again, its idle time counting from now.</summary>
    private async Task FreeAsync(List<ClusterNode> nodes, CancellationToken ct)
    {
        var busy = nodes.Where(n => n.State is NodeState.Busy).ToList();
        if (busy.Count == 0)
        {
            return;
        }
        var ids = busy.Select(n => n.JobId!.Value).Distinct().ToList();
        var holding = await db.Jobs.AsNoTracking()
            .Where(j => ids.Contains(j.Id) && (j.State == JobState.Starting || j.State == JobState.Running))
            .Select(j => j.Id).ToListAsync(ct);
        var now = time.GetUtcNow();
        busy.Where(n => !holding.Contains(n.JobId!.Value)).ToList().ForEach(n => n.Free(now));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Gives idle nodes to queued jobs in submit order, a job taking all the nodes it asks for or none (first in,
    /// first out: a job waits behind the oldest one that does not fit). Jobs, nodes and their versions are
    /// saved in one transaction, so two passes never hand out a node twice. Returns the jobs still waiting.
    /// </summary>
    private async Task<List<Job>> AssignAsync(Cluster cluster, List<ClusterNode> nodes, CancellationToken ct)
    {
        var queued = await db.Jobs
            .Where(j => j.Workspace == cluster.Workspace && j.TargetKind == TargetKind.Cluster && j.ComputeKey == cluster.NameKey && j.State == JobState.Queued)
            .OrderBy(j => j.Id).Take(Window).ToListAsync(ct);
        var idle = new Queue<ClusterNode>(nodes.Where(n => n.State is NodeState.Idle).OrderBy(n => n.Since));
        var now = time.GetUtcNow();
        var assigned = new List<long>();
        var waiting = new List<Job>();
        foreach (var job in queued)
        {
            if (job.Nodes > cluster.MaxNodes)
            {
                job.NeverFitsNodes(cluster.MaxNodes, now);
            }
            else if (waiting.Count == 0 && job.Nodes <= idle.Count)
            {
                var taken = Enumerable.Range(0, job.Nodes).Select(_ => idle.Dequeue()).ToList();
                taken.ForEach(n => n.Take(job.Id, now));
                job.Assign(taken[0].Id, now);
                assigned.Add(job.Id);
            }
            else
            {
                waiting.Add(job);
            }
        }
        await db.SaveChangesAsync(ct);
        assigned.ForEach(jobs.Enqueue);
        return waiting;
    }

    /// <summary>Makes the nodes waiting jobs need (and minNodes asks for), up to maxNodes and the quota; returns why it stopped short, or null.</summary>
    private async Task<string?> ScaleOutAsync(Cluster cluster, List<ClusterNode> nodes, List<Job> waiting, CancellationToken ct)
    {
        var live = nodes.Count(n => n.State is not NodeState.Leaving);
        var coming = nodes.Count(n => n.State is NodeState.Starting or NodeState.Idle);
        var needed = Math.Max(waiting.Sum(j => j.Nodes) - coming, cluster.MinNodes - live);
        if (needed <= 0)
        {
            return null;
        }
        var room = cluster.MaxNodes - live;
        string? reason = needed > room
            ? $"scale-out waits: the cluster is at maxNodes ({cluster.MaxNodes}); {waiting.Count} job(s) wait for nodes to free."
            : null;
        if (specs.SizeOf(cluster) is not { } size)
        {
            return $"scale-out waits: size {cluster.Size} is no longer in the catalog.";
        }
        for (var made = 0; made < Math.Min(needed, room); made++)
        {
            await using var admission = await quotas.AdmitAsync(db, cluster.Workspace, size, ct);
            if (admission.Refusal is { } refusal)
            {
                return $"scale-out waits: {refusal.Family} quota {refusal.Used} of {refusal.Limit} vCPUs used; a node of {size.Name} needs {refusal.Requested}.";
            }
            var node = new ClusterNode(cluster, time.GetUtcNow());
            db.ClusterNodes.Add(node);
            await db.SaveChangesAsync(ct);
            await admission.CommitAsync(ct);
            nodes.Add(node);
            Log.NodeMade(logger, node.Name, cluster.Workspace);
        }
        return reason;
    }

    /// <summary>
    /// Lets idle nodes leave: those beyond maxNodes at once, and, while no job waits, those idle past the
    /// cluster's idle time, down to minNodes. Returns when the next idle node's time is up, or null.
    /// </summary>
    private async Task<TimeSpan?> ScaleDownAsync(Cluster cluster, List<ClusterNode> nodes, List<Job> waiting, IComputeDriver driver, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var live = nodes.Count(n => n.State is not NodeState.Leaving);
        var idle = nodes.Where(n => n.State is NodeState.Idle).OrderBy(n => n.Since).ToList();
        var leaving = new List<ClusterNode>();
        foreach (var node in idle)
        {
            var over = live - leaving.Count > cluster.MaxNodes;
            var expired = waiting.Count == 0 && live - leaving.Count > cluster.MinNodes && node.IdleLongerThan(cluster.IdleTimeBeforeScaleDown, now);
            if (over || expired)
            {
                node.Leave(now);
                leaving.Add(node);
            }
        }
        if (leaving.Count > 0)
        {
            // Stored as leaving first, so a crash while they are released finishes the job on the next start.
            await db.SaveChangesAsync(ct);
            await ObserveAsync(cluster, nodes, driver, ct);
        }
        var stillIdle = nodes.Where(n => n.State is NodeState.Idle).ToList();
        if (stillIdle.Count <= cluster.MinNodes || waiting.Count > 0)
        {
            return null;
        }
        var next = stillIdle.Min(n => n.Since + cluster.IdleTimeBeforeScaleDown - now);
        return next > TimeSpan.Zero ? next : TimeSpan.Zero;
    }

    /// <summary>Its nodes leave (their quota with them); once none is left the cluster goes.</summary>
    private async Task<ReconcileResult> DeleteAsync(Cluster cluster, List<ClusterNode> nodes, IComputeDriver driver, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        nodes.Where(n => n.State is NodeState.Idle or NodeState.Starting).ToList().ForEach(n => n.Leave(now));
        await db.SaveChangesAsync(ct);
        await ObserveAsync(cluster, nodes, driver, ct);
        if (nodes.Count > 0)
        {
            // A job that started just before the delete holds its node until it ends.
            return ReconcileResult.After(WaitingLookAgain);
        }
        db.Clusters.Remove(cluster);
        await db.SaveChangesAsync(ct);
        Log.Deleted(logger, cluster.Workspace, cluster.Name);
        return ReconcileResult.Done;
    }

    /// <summary>A cluster whose driver this server lacks keeps its jobs queued and says why; it can still be deleted.</summary>
    private async Task<ReconcileResult> WithoutDriverAsync(Cluster cluster, List<ClusterNode> nodes, CancellationToken ct)
    {
        if (cluster.Deleting && nodes.Count == 0)
        {
            db.Clusters.Remove(cluster);
        }
        else
        {
            cluster.WaitsBecause($"jobs wait: this server has no {cluster.Driver.ToString().ToLowerInvariant()} driver configured (Drivers:{cluster.Driver}); jobs stay queued.", time.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
        return ReconcileResult.Done;
    }

    private static partial class Log
    {
        [LoggerMessage(2401, LogLevel.Information, "Cluster node {Node} of workspace {Workspace} made")]
        public static partial void NodeMade(ILogger logger, string node, string workspace);

        [LoggerMessage(2402, LogLevel.Information, "Cluster node {Node} of workspace {Workspace} started")]
        public static partial void NodeStarted(ILogger logger, string node, string workspace);

        [LoggerMessage(2403, LogLevel.Warning, "Cluster node {Node} is gone ({Observation}); it leaves")]
        public static partial void NodeLost(ILogger logger, string node, string observation);

        [LoggerMessage(2404, LogLevel.Information, "Cluster node {Node} left")]
        public static partial void NodeLeft(ILogger logger, string node);

        [LoggerMessage(2405, LogLevel.Information, "Cluster {Workspace}/{Name} deleted")]
        public static partial void Deleted(ILogger logger, string workspace, string name);
    }
}
