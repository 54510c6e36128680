using Workbench.Domain.Jobs;

namespace Workbench.Drivers;

/// <summary>
/// Everything a driver needs to run one job on a compute it runs already. Folders are paths in the
/// workspace share; the driver knows where the share is seen from inside the job and fills the
/// command's ${{inputs.X}} and ${{outputs.X}} with it.
/// </summary>
public sealed record JobLaunch(
    long JobId,
    string JobName,
    Guid ComputeId,
    string? ComputeHandle,
    string ComputeName,
    string Owner,
    string SharePath,
    string Command,
    IReadOnlyDictionary<string, JobInput> Inputs,
    IReadOnlyDictionary<string, JobOutput> Outputs,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    string WorkingFolder,
    string LogsFolder)
{
    /// <summary>What the job asks for; a driver that allocates per job (Slurm) sizes the allocation by it.</summary>
    public ResourceRequest Resources { get; init; } = ResourceRequest.Default;

    /// <summary>How many nodes the job spans (resources.instance_count); its command runs once, on the first.</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>The job's time limit, for a driver whose scheduler enforces one too; null when it has none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The slots of the job's compute, for a driver that holds jobs waiting for them (an instance's job agent, which
    /// the server may hand more than its slots); 0 where nothing is held back (a cluster's node runs what it is given).
    /// </summary>
    public int Slots { get; init; }

    /// <summary>
    /// Jobs of the same compute assigned before this one and not yet running. A driver that holds jobs waiting and
    /// starts them in the order they reach it (an instance's job agent) hands those over first: the jobs one pass
    /// assigns are launched at once, and would otherwise reach it in the order their launches happen to finish.
    /// </summary>
    public IReadOnlyList<long> HandedAfter { get; init; } = [];

    /// <summary>The Slurm partition of the job's compute; null means the driver's default.</summary>
    public string? Partition { get; init; }

    /// <summary>
    /// A name the job shares with others its scheduler must run one at a time (a lane of a Slurm cluster);
    /// null when nothing holds it back but its resources.
    /// </summary>
    public string? Lane { get; init; }
}
