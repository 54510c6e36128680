using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Catalog;
using Workbench.Server.Jobs;
using Workbench.Server.Shares;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// Clusters as job targets: a job takes whole nodes (resources.instance_count of them), which the cluster
/// reconciler gives it; it is launched into its first node's sandbox like an instance job, as its
/// submitter, with the workspace share. Any member who may submit jobs may use a cluster.
/// </summary>
public sealed class ClusterJobTarget(WorkbenchDbContext db, SizeCatalog sizes, NodeSpecs nodes, WorkspaceShares shares, ClusterDrivers drivers) : IJobTarget
{
    public TargetKind Kind => TargetKind.Cluster;

    public IJobDriver Driver => drivers.LocalJobs;

    public async Task<JobTargetView?> FindAsync(string workspace, string computeKey, CancellationToken cancellationToken)
    {
        var cluster = await db.Clusters.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Workspace == workspace && c.NameKey == computeKey && !c.Deleting, cancellationToken);
        if (cluster is null)
        {
            return null;
        }
        var size = sizes.Find(cluster.Size);
        var slots = Domain.Computes.ComputeInstance.SlotsPerVCpu * (size?.VCpus ?? 0);
        return new JobTargetView(Kind, cluster.Id, cluster.Name, null, nodes.Image, slots, size?.Gpus ?? 0, size?.MemoryGiB ?? 0, size is not null)
        {
            MaxNodes = cluster.MaxNodes,
        };
    }

    public async Task<JobLaunch?> LaunchOfAsync(Job job, CancellationToken cancellationToken)
    {
        var node = await db.ClusterNodes.AsNoTracking()
            .FirstOrDefaultAsync(n => n.Id == job.ComputeId && n.JobId == job.Id && n.State == NodeState.Busy, cancellationToken);
        if (node is null)
        {
            return null;
        }
        return new JobLaunch(job.Id, job.Name, node.Id, node.DriverHandle, node.Name, job.SubmittedBy,
            shares.PathOf(job.Workspace), job.Command, job.Inputs, job.Outputs, job.EnvironmentVariables,
            JobFolders.WorkingFolder(job.Name, job.Code is not null), JobFolders.Logs(job.Name));
    }
}
