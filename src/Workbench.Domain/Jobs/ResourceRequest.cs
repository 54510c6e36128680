namespace Workbench.Domain.Jobs;

/// <summary>
/// What a job asks of its compute: cpu is the number of slots it takes; memory in bytes, when given;
/// instanceCount the nodes it takes on a cluster (an instance is one).
/// </summary>
public sealed record ResourceRequest(int Cpu, long? MemoryBytes, int Gpu, int InstanceCount = 1)
{
    public static ResourceRequest Default { get; } = new(1, null, 0);
}
