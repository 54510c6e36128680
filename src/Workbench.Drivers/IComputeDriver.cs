namespace Workbench.Drivers;

/// <summary>
/// Makes computes real: turns a spec into processes (or Slurm jobs, pods) and reports what exists.
/// Every method is idempotent; the opaque handle is what the store keeps to re-attach after a restart.
/// </summary>
public interface IComputeDriver
{
    string Name { get; }

    /// <summary>Starts the compute, or re-attaches to it when it already runs; returns the handle to keep.</summary>
    Task<string> StartAsync(ComputeSpec spec, CancellationToken cancellationToken);

    /// <summary>Says what the compute is doing now. A null handle means the driver looks the compute up by id.</summary>
    Task<Observation> ObserveAsync(Guid computeId, string? handle, CancellationToken cancellationToken);

    /// <summary>Stops every process of the compute (a grace period, then by force) and checks none is left.</summary>
    Task StopAsync(Guid computeId, string? handle, CancellationToken cancellationToken);

    /// <summary>The last lines of the compute's own log (its apps' output), empty when there is none.</summary>
    Task<string> ReadLogTailAsync(Guid computeId, int lines, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the SSH server of a running compute accept this key (null: none) from the next login on,
    /// without a restart. Does nothing for a compute started without an SSH server.
    /// </summary>
    Task AuthorizeSshKeyAsync(Guid computeId, string? publicKey, CancellationToken cancellationToken);

    /// <summary>Stops the compute and deletes what its start made (its home folder, allocations).</summary>
    Task ReleaseAsync(Guid computeId, string? handle, CancellationToken cancellationToken);
}
