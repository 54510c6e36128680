using System.Globalization;
using Workbench.Domain.Catalog;

namespace Workbench.Server.Clusters;

/// <summary>
/// How much of this host a local cluster may take: its vCPUs and memory. A local node is a slice of this
/// host of the cluster's size, so maxNodes × size must fit in it.
/// </summary>
public sealed class MachineRoom
{
    private const double BytesPerGiB = 1024d * 1024 * 1024;

    public int VCpus { get; } = Environment.ProcessorCount;

    public double MemoryGiB { get; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / BytesPerGiB;

    /// <summary>Why <paramref name="nodes"/> nodes of <paramref name="size"/> do not fit on this host, or null when they do.</summary>
    public string? Refusal(Size size, int nodes)
    {
        var vCpus = size.VCpus * nodes;
        var memory = size.MemoryGiB * nodes;
        if (vCpus <= VCpus && memory <= MemoryGiB)
        {
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"This machine has {VCpus} vCPUs and {MemoryGiB:0.#} GiB of memory; {nodes} nodes of {size.Name} need {vCpus} vCPUs and {memory:0.#} GiB. "
            + $"Lower maxNodes to {Math.Max(0, Math.Min(VCpus / Math.Max(1, size.VCpus), (int)(MemoryGiB / size.MemoryGiB)))} or choose a smaller size.");
    }
}
