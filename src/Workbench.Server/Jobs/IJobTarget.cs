using Workbench.Domain.Jobs;
using Workbench.Drivers;

namespace Workbench.Server.Jobs;

/// <summary>
/// A kind of compute that runs jobs: instances and clusters, each with its own lookup, launch and
/// driver, while the queue, its ledger and the job reconciler stay as they are.
/// </summary>
public interface IJobTarget
{
    TargetKind Kind { get; }

    /// <summary>The driver that runs this job (on a cluster, its nodes' or Slurm's, by the cluster's driver).</summary>
    Task<IJobDriver> DriverOfAsync(Job job, CancellationToken cancellationToken);

    /// <summary>The compute of this kind with that name key in the workspace, or null.</summary>
    Task<JobTargetView?> FindAsync(string workspace, string computeKey, CancellationToken cancellationToken);

    /// <summary>What the driver needs to launch the job on the compute it was given slots on; null when that compute does not accept jobs now.</summary>
    Task<JobLaunch?> LaunchOfAsync(Job job, CancellationToken cancellationToken);
}
