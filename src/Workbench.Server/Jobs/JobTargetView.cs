using Workbench.Domain.Jobs;

namespace Workbench.Server.Jobs;

/// <summary>
/// What the queue and the submit checks need to know of a compute: its slots and shape (per node, on a
/// cluster), the image it runs, its owner (the only user who may send it jobs; null for a cluster, which
/// every member who may submit jobs uses), whether it accepts jobs now, and the most nodes a job may take.
/// </summary>
public sealed record JobTargetView(
    TargetKind Kind,
    Guid Id,
    string Name,
    string? Owner,
    string Image,
    int Slots,
    int Gpus,
    double MemoryGiB,
    bool AcceptsJobs)
{
    public int MaxNodes { get; init; } = 1;

    /// <summary>
    /// Slots' worth of jobs the compute itself holds waiting beyond its slots (an instance's job agent), handed to it
    /// ahead so that a freed slot is taken without waiting for the next pass; 0 where jobs are handed only into free slots.
    /// </summary>
    public int Ahead { get; init; }

    /// <summary>The driver's handle of the compute (an instance's), which its jobs' launches name; null for a cluster, whose launches name a node.</summary>
    public string? DriverHandle { get; init; }
}
