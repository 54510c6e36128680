namespace Workbench.Domain.Jobs;

/// <summary>What a job asks of its compute: cpu is the number of slots it takes; memory in bytes, when given.</summary>
public sealed record ResourceRequest(int Cpu, long? MemoryBytes, int Gpu)
{
    public static ResourceRequest Default { get; } = new(1, null, 0);
}
