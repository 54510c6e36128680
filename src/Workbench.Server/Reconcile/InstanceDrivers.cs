using Workbench.Drivers;

namespace Workbench.Server.Reconcile;

/// <summary>The drivers this server has for instances, by name: always local, and slurm when Drivers:Slurm is configured.</summary>
public sealed class InstanceDrivers(IEnumerable<IComputeDriver> drivers)
{
    private readonly IReadOnlyDictionary<string, IComputeDriver> _byName = drivers.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public bool Has(string name) => _byName.ContainsKey(name);

    /// <summary>The driver of that name; one this server lacks (its config changed since) is unavailable, to be looked at again.</summary>
    public IComputeDriver Of(string name) =>
        _byName.GetValueOrDefault(name)
            ?? throw new DriverUnavailableException($"This server has no '{name}' driver configured (Drivers:{char.ToUpperInvariant(name[0])}{name[1..]}).");
}
