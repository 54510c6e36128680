namespace Workbench.Contracts;

/// <summary>A compute's jobs now: running (starting included) and queued.</summary>
public sealed record JobCounts(int Running, int Queued);
