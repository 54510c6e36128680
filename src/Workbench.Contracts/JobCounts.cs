namespace Workbench.Contracts;

/// <summary>A compute's jobs now: running, and queued (waiting to start, in Workbench's queue or handed to the compute and waiting there).</summary>
public sealed record JobCounts(int Running, int Queued);
