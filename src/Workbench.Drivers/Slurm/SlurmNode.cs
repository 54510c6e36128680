namespace Workbench.Drivers.Slurm;

/// <summary>What sinfo says of one node: its state ("idle", "mixed", "allocated", "down", ...) and size.</summary>
public sealed record SlurmNode(
    string Name,
    string State,
    int Cpus,
    int AllocatedCpus,
    long MemoryMiB,
    IReadOnlyList<string> Partitions,
    string Reason);
