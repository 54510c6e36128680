using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Drivers.Slurm;
using Workbench.Server.Catalog;
using Workbench.Server.Jobs;
using Workbench.Server.Quotas;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// One pass of a Slurm cluster. Slurm places its jobs on the partition's nodes; Workbench only decides
/// which queued jobs go to Slurm now, in submit order, first in first out, and in which of the cluster's
/// lanes (<see cref="SlurmLanes"/>): Slurm runs one job of a lane at a time, so at most maxNodes nodes work
/// at once while the next jobs wait in Slurm's queue, ready. A job that would make one more node work needs
/// that node's vCPUs within the workspace's quota (<see cref="ClusterQuotaUsage"/>); without them it may
/// still wait behind another job. Each job is admitted and assigned in the quota's transaction, so the
/// count is never passed.
/// </summary>
public sealed class SlurmClusterPass(
    WorkbenchDbContext db, SizeCatalog sizes, QuotaAdmission quotas, JobQueue jobs, IOptions<SlurmOptions> slurm, TimeProvider time)
{
    /// <summary>How soon a pass looks again while jobs wait for quota to free (nothing announces that).</summary>
    private static readonly TimeSpan WaitingLookAgain = TimeSpan.FromSeconds(2);

    // Compiled once: each end of a cluster's job brings a pass.
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, IAsyncEnumerable<(int? Lane, int Nodes)>>> InSlurm = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string cluster) => db.Jobs
            .Where(j => j.Workspace == workspace && j.TargetKind == TargetKind.Cluster && j.ComputeKey == cluster)
            .Where(j => j.State == JobState.Starting || j.State == JobState.Running)
            .Select(j => ValueTuple.Create(j.Lane, j.Nodes))));

    /// <summary>The oldest queued jobs of a cluster, tracked, in submit order: those the pass may hand out now.</summary>
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, int, IAsyncEnumerable<Job>>> Oldest = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string cluster, int count) => db.Jobs
            .Where(j => j.Workspace == workspace && j.TargetKind == TargetKind.Cluster && j.ComputeKey == cluster && j.State == JobState.Queued)
            .OrderBy(j => j.Id).Take(count)));

    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, CancellationToken, Task<bool>>> AnyWaiting = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string cluster, CancellationToken _) => db.Jobs
            .Any(j => j.Workspace == workspace && j.TargetKind == TargetKind.Cluster && j.ComputeKey == cluster && j.State == JobState.Queued)));

    public async Task<ReconcileResult> ReconcileAsync(Cluster cluster, CancellationToken ct)
    {
        if (cluster.Deleting)
        {
            // A delete is refused while it has jobs that have not ended, so nothing of it is left in Slurm.
            db.Clusters.Remove(cluster);
            await db.SaveChangesAsync(ct);
            return ReconcileResult.Done;
        }
        var inSlurm = await InSlurm.For(db)(db, cluster.Workspace, cluster.NameKey).ToListAsync(ct);
        var lanes = new SlurmLanes(cluster.MaxNodes, inSlurm);
        var jobsAhead = slurm.Value.JobsAheadPerLane;
        // Only the jobs the lanes can take: each end of a job brings a pass, mostly with room for one.
        var lanesRoom = lanes.Room(jobsAhead);
        var room = Math.Min(JobDispatcher.Window, lanesRoom);
        var queued = room == 0 ? [] : await Oldest.For(db)(db, cluster.Workspace, cluster.NameKey, room).ToListAsync(ct);
        string? reason = null;
        var anotherPass = false;
        foreach (var job in queued)
        {
            if (job.Nodes > cluster.MaxNodes)
            {
                job.NeverFitsNodes(cluster.MaxNodes, time.GetUtcNow());
                await db.SaveChangesAsync(ct);
                // It took the place of one the lanes could take: another pass loads the next.
                anotherPass = true;
                continue;
            }
            if (lanes.Find(job.Nodes, jobsAhead) is not { } place)
            {
                reason = await LanesFullAsync(cluster, lanes, jobsAhead, ct);
                break;
            }
            if (await TryAssignAsync(cluster, job, place, ct) is { } refusal)
            {
                // No quota for one more working node: it may still wait in Slurm behind a job that has it.
                if (place.Widens == 0 || lanes.Find(job.Nodes, jobsAhead, mayWiden: false) is not { } behind
                    || await TryAssignAsync(cluster, job, behind, ct) is not null)
                {
                    reason = refusal;
                    break;
                }
                place = behind;
            }
            lanes.Take(place, job.Nodes);
            jobs.Enqueue(job.Id);
        }
        if (reason is null && !anotherPass && queued.Count == room)
        {
            // All it loaded went to lanes: the next window in another pass, else the lanes are full.
            anotherPass = room < lanesRoom;
            reason = anotherPass ? null : await LanesFullAsync(cluster, lanes, jobsAhead, ct);
        }
        cluster.WaitsBecause(reason, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        if (anotherPass)
        {
            return ReconcileResult.After(TimeSpan.Zero);
        }
        // Ends of its jobs bring the next pass; only quota frees unannounced.
        return reason is not null && lanes.Working < cluster.MaxNodes ? ReconcileResult.After(WaitingLookAgain) : ReconcileResult.Done;
    }

    /// <summary>
    /// Why the cluster's queued jobs wait when its lanes are full; null when none waits. It names no count of
    /// waiting jobs (the cluster's job counts have it): a stream of jobs would change it, and store it again, at
    /// every pass (396 cluster updates for 500 jobs in a round of the cluster benchmark).
    /// </summary>
    private async Task<string?> LanesFullAsync(Cluster cluster, SlurmLanes lanes, int jobsAhead, CancellationToken ct) =>
        await AnyWaiting.For(db)(db, cluster.Workspace, cluster.NameKey, ct)
            ? $"jobs wait: {lanes.Working} of maxNodes {cluster.MaxNodes} are in use by this cluster's jobs in Slurm, with {jobsAhead} more a node waiting there."
            : null;

    /// <summary>
    /// Hands the job to Slurm in that lane (its launch follows), under the quota's lock when it makes more
    /// nodes work; returns why it must wait, or null.
    /// </summary>
    private async Task<string?> TryAssignAsync(Cluster cluster, Job job, SlurmLanePlace place, CancellationToken ct)
    {
        if (sizes.Find(cluster.Size) is not { } size)
        {
            return $"jobs wait: size {cluster.Size} is no longer in the catalog.";
        }
        await using var admission = place.Widens > 0
            ? await quotas.AdmitAsync(db, cluster.Workspace, size with { VCpus = size.VCpus * place.Widens }, ct)
            : Admission.None;
        if (admission.Refusal is { } refusal)
        {
            return $"jobs wait: {refusal.Family} quota {refusal.Used} of {refusal.Limit} vCPUs used; job {job.Name} needs {refusal.Requested} ({job.Nodes} node(s) of {size.Name}).";
        }
        job.AssignToLane(cluster.Id, place.Lane, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await admission.CommitAsync(ct);
        return null;
    }
}
