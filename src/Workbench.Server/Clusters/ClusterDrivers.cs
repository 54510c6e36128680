using Workbench.Domain.Clusters;
using Workbench.Domain.Computes;
using Workbench.Drivers;
using Workbench.Drivers.Slurm;
using Workbench.Server.Reconcile;

namespace Workbench.Server.Clusters;

/// <summary>What runs a cluster's nodes and the jobs on them.</summary>
public sealed record NodeDrivers(IComputeDriver Nodes, IJobDriver Jobs);

/// <summary>
/// Chooses the drivers of a cluster by its driver. Local clusters run each node as a headless sandbox of
/// the local driver and jobs inside it like instance jobs. Slurm clusters have no nodes of Workbench's:
/// each job is a Slurm job in the cluster's partition and Slurm places it; this server runs them only
/// where Drivers:Slurm is configured.
/// </summary>
public sealed class ClusterDrivers(InstanceDrivers computes, IJobDriver jobs, SlurmJobDriver? slurm = null)
{
    /// <summary>The drivers of a cluster whose nodes Workbench makes itself; null for Slurm clusters.</summary>
    public NodeDrivers? NodesOf(ClusterDriver driver) => driver switch
    {
        ClusterDriver.Local => new NodeDrivers(computes.Of(ComputeDrivers.Local), jobs),
        _ => null,
    };

    /// <summary>The driver that runs the jobs of a cluster of that driver; null when this server has none.</summary>
    public IJobDriver? JobsOf(ClusterDriver driver) => driver switch
    {
        ClusterDriver.Local => jobs,
        ClusterDriver.Slurm => slurm,
        _ => null,
    };
}
