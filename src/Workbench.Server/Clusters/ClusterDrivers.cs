using Workbench.Domain.Clusters;
using Workbench.Drivers;

namespace Workbench.Server.Clusters;

/// <summary>What runs a cluster's nodes and the jobs on them.</summary>
public sealed record NodeDrivers(IComputeDriver Nodes, IJobDriver Jobs);

/// <summary>
/// Chooses the drivers of a cluster by its driver. Local clusters run each node as a headless sandbox of
/// the local driver and jobs inside it like instance jobs. Slurm clusters are accepted and stored but
/// have no drivers in this build: this is where the Slurm job driver plugs in (Slurm places the jobs on
/// the partition's nodes itself), and until it does their jobs wait, saying so.
/// </summary>
public sealed class ClusterDrivers(IComputeDriver computes, IJobDriver jobs)
{
    public NodeDrivers? For(ClusterDriver driver) => driver switch
    {
        ClusterDriver.Local => new NodeDrivers(computes, jobs),
        _ => null,
    };

    /// <summary>The job driver of local clusters' nodes, which the job reconciler uses for every cluster job it launches.</summary>
    public IJobDriver LocalJobs => jobs;
}
