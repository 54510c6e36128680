using System.Globalization;
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
/// reconciler gives it. On a local cluster it is launched into its first node's sandbox like an instance
/// job; on a Slurm cluster it becomes a Slurm job in the cluster's partition sized by its resources.
/// Either way it runs as its submitter, with the workspace share. Any member who may submit jobs may use a cluster.
/// </summary>
public sealed class ClusterJobTarget(WorkbenchDbContext db, SizeCatalog sizes, NodeSpecs nodes, WorkspaceShares shares, ClusterDrivers drivers) : IJobTarget
{
    // Compiled once: every reconcile of a cluster's job asks for its driver, and every launch for its Slurm cluster.
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, CancellationToken, Task<ClusterDriver?>>> DriverByName = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string computeKey, CancellationToken _) => db.Clusters.AsNoTracking()
            .Where(c => c.Workspace == workspace && c.NameKey == computeKey)
            .Select(c => (ClusterDriver?)c.Driver).FirstOrDefault()));

    private static readonly CompiledQuery<Func<WorkbenchDbContext, Guid?, CancellationToken, Task<Cluster?>>> SlurmClusterById = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, Guid? id, CancellationToken _) => db.Clusters.AsNoTracking()
            .FirstOrDefault(c => c.Id == id && c.Driver == ClusterDriver.Slurm && !c.Deleting)));

    public TargetKind Kind => TargetKind.Cluster;

    /// <summary>By its cluster's driver; a job whose cluster went (only an ended one can) is released by the local driver, which finds nothing.</summary>
    public async Task<IJobDriver> DriverOfAsync(Job job, CancellationToken cancellationToken)
    {
        var driver = await DriverByName.For(db)(db, job.Workspace, job.ComputeKey, cancellationToken);
        return drivers.JobsOf(driver ?? ClusterDriver.Local) ?? drivers.JobsOf(ClusterDriver.Local)!;
    }

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
        // A Slurm cluster's job is given the cluster itself; a local cluster's job its first node.
        var slurmCluster = await SlurmClusterById.For(db)(db, job.ComputeId, cancellationToken);
        if (slurmCluster is not null)
        {
            return LaunchOf(job, slurmCluster.Id, null, slurmCluster.Name) with
            {
                Resources = new ResourceRequest(job.Cpu, job.MemoryBytes, job.Gpu, job.Nodes),
                Nodes = job.Nodes,
                Timeout = job.Timeout,
                Partition = slurmCluster.Partition,
                Lane = job.Lane is { } lane ? LaneName(slurmCluster.Id, lane) : null,
            };
        }
        var node = await db.ClusterNodes.AsNoTracking()
            .FirstOrDefaultAsync(n => n.Id == job.ComputeId && n.JobId == job.Id && n.State == NodeState.Busy, cancellationToken);
        if (node is null)
        {
            return null;
        }
        return LaunchOf(job, node.Id, node.DriverHandle, node.Name);
    }

    /// <summary>The Slurm job name of a lane of a Slurm cluster (<see cref="SlurmLanes"/>); a cluster made again under its name has other lanes.</summary>
    public static string LaneName(Guid clusterId, int lane) => string.Create(CultureInfo.InvariantCulture, $"wb-lane-{clusterId:N}-{lane}");

    private JobLaunch LaunchOf(Job job, Guid computeId, string? computeHandle, string computeName) =>
        new(job.Id, job.Name, computeId, computeHandle, computeName, job.SubmittedBy,
            shares.PathOf(job.Workspace), job.Command, job.Inputs, job.Outputs, job.EnvironmentVariables,
            JobFolders.WorkingFolder(job.Name, job.Code is not null), JobFolders.Logs(job.Name));
}
