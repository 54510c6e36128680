using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Server.Catalog;
using Workbench.Server.Jobs;
using Workbench.Server.Quotas;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// One pass of a Slurm cluster. Slurm places its jobs on the partition's nodes; Workbench only decides
/// which queued jobs go to Slurm now, in submit order, first in first out: a job goes while the nodes of
/// the cluster's jobs in Slurm (each counted as its resources.instance_count) stay within maxNodes and
/// its nodes × the cluster size's vCPUs fit the workspace's quota (<see cref="ClusterQuotaUsage"/>).
/// Each job is admitted and assigned in the quota's transaction, so the count is never passed.
/// </summary>
public sealed class SlurmClusterPass(WorkbenchDbContext db, SizeCatalog sizes, QuotaAdmission quotas, JobQueue jobs, TimeProvider time)
{
    /// <summary>How soon a pass looks again while jobs wait for quota to free (nothing announces that).</summary>
    private static readonly TimeSpan WaitingLookAgain = TimeSpan.FromSeconds(2);

    public async Task<ReconcileResult> ReconcileAsync(Cluster cluster, CancellationToken ct)
    {
        if (cluster.Deleting)
        {
            // A delete is refused while it has jobs that have not ended, so nothing of it is left in Slurm.
            db.Clusters.Remove(cluster);
            await db.SaveChangesAsync(ct);
            return ReconcileResult.Done;
        }
        var ofCluster = db.Jobs.Where(j => j.Workspace == cluster.Workspace && j.TargetKind == TargetKind.Cluster && j.ComputeKey == cluster.NameKey);
        var inUse = await ofCluster.Where(j => j.State == JobState.Starting || j.State == JobState.Running).SumAsync(j => j.Nodes, ct);
        var queued = await ofCluster.Where(j => j.State == JobState.Queued).OrderBy(j => j.Id).Take(JobDispatcher.Window).ToListAsync(ct);
        string? reason = null;
        foreach (var job in queued)
        {
            var now = time.GetUtcNow();
            if (job.Nodes > cluster.MaxNodes)
            {
                job.NeverFitsNodes(cluster.MaxNodes, now);
                await db.SaveChangesAsync(ct);
                continue;
            }
            if (inUse + job.Nodes > cluster.MaxNodes)
            {
                reason = $"jobs wait: {inUse} of maxNodes {cluster.MaxNodes} are in use by this cluster's jobs in Slurm; {queued.Count(j => j.State is JobState.Queued)} job(s) wait.";
                break;
            }
            if (await TryAssignAsync(cluster, job, ct) is { } refusal)
            {
                reason = refusal;
                break;
            }
            inUse += job.Nodes;
            jobs.Enqueue(job.Id);
        }
        cluster.WaitsBecause(reason, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        // Ends of its jobs bring the next pass; only quota frees unannounced.
        return reason is not null && inUse < cluster.MaxNodes ? ReconcileResult.After(WaitingLookAgain) : ReconcileResult.Done;
    }

    /// <summary>Hands the job to Slurm (its launch follows) under the quota's lock; returns why it must wait, or null.</summary>
    private async Task<string?> TryAssignAsync(Cluster cluster, Job job, CancellationToken ct)
    {
        if (sizes.Find(cluster.Size) is not { } size)
        {
            return $"jobs wait: size {cluster.Size} is no longer in the catalog.";
        }
        var asked = size with { VCpus = size.VCpus * job.Nodes };
        await using var admission = await quotas.AdmitAsync(db, cluster.Workspace, asked, ct);
        if (admission.Refusal is { } refusal)
        {
            return $"jobs wait: {refusal.Family} quota {refusal.Used} of {refusal.Limit} vCPUs used; job {job.Name} needs {refusal.Requested} ({job.Nodes} node(s) of {size.Name}).";
        }
        job.Assign(cluster.Id, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await admission.CommitAsync(ct);
        return null;
    }
}
