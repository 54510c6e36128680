namespace Workbench.Contracts;

/// <summary>
/// The body of PUT .../clusters/{name}. Creating needs size and maxNodes; on an existing cluster the
/// fields given change it (minNodes, maxNodes, idleSecondsBeforeScaleDown, tier) and the rest stay.
/// Size, driver and partition are fixed once it exists. Tier is dedicated or lowPriority; driver is
/// local (the default) or slurm, which needs a partition.
/// </summary>
public sealed record ClusterRequest(
    string? Size = null,
    int? MinNodes = null,
    int? MaxNodes = null,
    int? IdleSecondsBeforeScaleDown = null,
    string? Tier = null,
    string? Driver = null,
    string? Partition = null);

/// <summary>
/// A cluster as the API shows it: its settings, its nodes now, its jobs, and why scale-out waits when
/// queued jobs wait for nodes that do not come (null otherwise). State is Ready, Deleting, or Unknown
/// while the scheduler of a cluster of driver slurm does not answer about its jobs (Error says what it said).
/// </summary>
public sealed record ClusterResource(
    string Name,
    string Workspace,
    string Size,
    string Driver,
    string? Partition,
    int MinNodes,
    int MaxNodes,
    int IdleSecondsBeforeScaleDown,
    string Tier,
    string State,
    string CreatedBy,
    IReadOnlyList<ClusterNodeResource> Nodes,
    JobCounts Jobs,
    string? ScaleOutWaits,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Error = null);

/// <summary>One node: its name, state (Starting, Idle, Busy, Leaving), since when, and the job it runs.</summary>
public sealed record ClusterNodeResource(string Name, string State, string? Job, DateTimeOffset Since);
