using Microsoft.Extensions.Options;
using Workbench.Domain.Catalog;

namespace Workbench.Server.Catalog;

/// <summary>The sizes instances can have, from configuration.</summary>
public sealed class SizeCatalog(IOptions<WorkbenchOptions> options)
{
    private readonly Dictionary<string, Size> _sizes = options.Value.Sizes
        .Select(s => new Size(s.Key, s.Value.VCpus, s.Value.MemoryGiB, s.Value.Gpus, s.Value.Family, s.Value.PricePerHour))
        .ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<Size> All => _sizes.Values.OrderBy(s => s.Family, StringComparer.Ordinal).ThenBy(s => s.VCpus);

    public Size? Find(string name) => _sizes.GetValueOrDefault(name);

    /// <summary>
    /// The vCPUs that many of each size hold, summed by VM family. A size taken out of the catalog since
    /// holds nothing it could be checked against.
    /// </summary>
    public Dictionary<string, int> VCpusByFamily(IEnumerable<(string Size, int Count)> counts)
    {
        var usage = new Dictionary<string, int>();
        foreach (var (size, count) in counts.Select(c => (Find(c.Size), c.Count)).Where(c => c.Item1 is not null))
        {
            usage[size!.Family] = usage.GetValueOrDefault(size.Family) + size.VCpus * count;
        }
        return usage;
    }
}
