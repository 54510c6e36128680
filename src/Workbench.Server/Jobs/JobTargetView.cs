using Workbench.Domain.Jobs;

namespace Workbench.Server.Jobs;

/// <summary>
/// What the queue and the submit checks need to know of a compute: its slots and shape, the image it
/// runs, its owner (the only user who may send it jobs), and whether it accepts jobs now.
/// </summary>
public sealed record JobTargetView(
    TargetKind Kind,
    Guid Id,
    string Name,
    string Owner,
    string Image,
    int Slots,
    int Gpus,
    double MemoryGiB,
    bool AcceptsJobs);
