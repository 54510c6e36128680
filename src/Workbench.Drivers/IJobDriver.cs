namespace Workbench.Drivers;

/// <summary>
/// Runs jobs on computes a driver runs already, each as its own process tree. Every method is
/// idempotent per job; a job that started once is never started again, so after a crash the server may
/// ask again freely. The opaque handle is what the store keeps to find the job's processes.
/// </summary>
public interface IJobDriver
{
    /// <summary>
    /// Launches the job, or finds the launch made before; returns the handle to keep (empty for a job its compute holds
    /// waiting for a slot, which <see cref="ObserveAsync"/> then says is Waiting).
    /// </summary>
    Task<string> StartAsync(JobLaunch job, CancellationToken cancellationToken);

    Task<JobObservation> ObserveAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken);

    /// <summary>Completes once the job's processes have ended, however they ended (and, for one that is <see cref="JobObservation.Waiting.StartEndsWait"/>, as it starts).</summary>
    Task WaitForEndAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken);

    /// <summary>Ends every process of the job (a grace period after SIGTERM, then SIGKILL) and checks none is left.</summary>
    Task StopAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken);

    /// <summary>Deletes what the launch made beside the share (scripts, its /tmp, its status files); its logs stay.</summary>
    Task ReleaseAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken);
}
