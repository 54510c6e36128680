using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Clusters;
using Workbench.Domain.Computes;
using Workbench.Server.Catalog;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// Checks a PUT of a cluster, field by field with the API's names, before anything is stored: a new
/// cluster whole, a change of an existing one in the fields that may change.
/// </summary>
public sealed class ClusterRequestCheck(WorkbenchDbContext db, SizeCatalog sizes, MachineRoom room, TimeProvider time)
{
    /// <summary>The cluster to create, or what is wrong with the request.</summary>
    public async Task<(Cluster? Cluster, Dictionary<string, string[]> Errors)> NewAsync(
        string workspace, string name, ClusterRequest body, string caller, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (ComputeName.Validate(name) is { } badName)
        {
            errors["name"] = [badName];
        }
        else if (await db.Instances.AnyAsync(i => i.Workspace == workspace && i.NameKey == ComputeName.Key(name), ct))
        {
            // Job specs name their compute, whatever its kind: one name, one compute.
            errors["name"] = [$"Workspace '{workspace}' has a compute instance named '{name}'; instances and clusters share names. Choose another."];
        }
        var size = body.Size is null ? null : sizes.Find(body.Size);
        if (size is null)
        {
            errors["size"] = [body.Size is null
                ? "size is required."
                : $"Unknown size '{body.Size}'. Sizes: {string.Join(", ", sizes.All.Select(s => s.Name))}."];
        }
        var driver = ParseDriver(body.Driver ?? "local");
        if (driver is null)
        {
            errors["driver"] = [$"driver is local or slurm; it is '{body.Driver}'."];
        }
        if (driver is ClusterDriver.Slurm && string.IsNullOrWhiteSpace(body.Partition))
        {
            errors["partition"] = ["A cluster on the slurm driver needs the Slurm partition its nodes come from."];
        }
        if (driver is ClusterDriver.Local && body.Partition is not null)
        {
            errors["partition"] = ["partition is for clusters on the slurm driver; a local cluster's nodes are slices of this machine."];
        }
        if (body.Partition is { Length: > 64 })
        {
            errors["partition"] = ["partition has at most 64 characters."];
        }
        if (body.MaxNodes is null)
        {
            errors["maxNodes"] = ["maxNodes is required."];
        }
        var tier = ParseTier(body.Tier ?? nameof(ClusterTier.Dedicated), errors);
        var scale = new ClusterScale(body.MinNodes ?? 0, body.MaxNodes ?? 1, body.IdleSecondsBeforeScaleDown ?? ClusterScale.DefaultIdleSeconds, tier ?? ClusterTier.Dedicated);
        AddScaleErrors(scale, size, driver, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new Cluster(workspace, name, size!.Name, driver!.Value, driver is ClusterDriver.Slurm ? body.Partition : null, scale, caller, time.GetUtcNow()), errors);
    }

    /// <summary>Why the request asks to change what is fixed once a cluster exists, or null.</summary>
    public string? Fixed(Cluster cluster, ClusterRequest body)
    {
        if (body.Size is not null && !string.Equals(body.Size, cluster.Size, StringComparison.OrdinalIgnoreCase))
        {
            return $"'{cluster.Name}' has size {cluster.Size}; a cluster's size cannot change (its nodes are of it). Delete it and create it again with size {body.Size}.";
        }
        if (body.Driver is not null && ParseDriver(body.Driver) != cluster.Driver)
        {
            return $"'{cluster.Name}' runs on the {cluster.Driver.ToString().ToLowerInvariant()} driver; a cluster's driver cannot change.";
        }
        if (body.Partition is not null && body.Partition != cluster.Partition)
        {
            return $"'{cluster.Name}' has partition {cluster.Partition ?? "(none)"}; a cluster's partition cannot change.";
        }
        return null;
    }

    /// <summary>The cluster's scale with the fields the request gives changed, or what is wrong with them.</summary>
    public (ClusterScale? Scale, Dictionary<string, string[]> Errors) Rescaled(Cluster cluster, ClusterRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        var tier = body.Tier is null ? cluster.Tier : ParseTier(body.Tier, errors);
        var scale = new ClusterScale(
            body.MinNodes ?? cluster.MinNodes,
            body.MaxNodes ?? cluster.MaxNodes,
            body.IdleSecondsBeforeScaleDown ?? cluster.IdleSecondsBeforeScaleDown,
            tier ?? cluster.Tier);
        AddScaleErrors(scale, sizes.Find(cluster.Size), cluster.Driver, errors);
        return (errors.Count == 0 ? scale : null, errors);
    }

    private void AddScaleErrors(ClusterScale scale, Domain.Catalog.Size? size, ClusterDriver? driver, Dictionary<string, string[]> errors)
    {
        foreach (var (field, message) in scale.Errors())
        {
            errors.TryAdd(field, [message]);
        }
        if (!errors.ContainsKey("maxNodes") && size is not null && driver is ClusterDriver.Local && room.Refusal(size, scale.MaxNodes) is { } tooBig)
        {
            errors["maxNodes"] = [tooBig];
        }
    }

    private static ClusterDriver? ParseDriver(string text) => text.ToLowerInvariant() switch
    {
        "local" => ClusterDriver.Local,
        "slurm" => ClusterDriver.Slurm,
        _ => null,
    };

    private static ClusterTier? ParseTier(string text, Dictionary<string, string[]> errors)
    {
        switch (text.ToLowerInvariant())
        {
            case "dedicated":
                return ClusterTier.Dedicated;
            case "lowpriority":
                return ClusterTier.LowPriority;
        }
        errors["tier"] = [$"tier is dedicated or lowPriority; it is '{text}'."];
        return null;
    }
}
