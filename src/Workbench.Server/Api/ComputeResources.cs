using Workbench.Contracts;
using Workbench.Domain.Computes;
using Workbench.Drivers;
using Workbench.Server.Proxy;
using Workbench.Server.Catalog;
using Workbench.Server.Jobs;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>Turns stored instances into what the API shows, with their job slots and job counts.</summary>
public static class ComputeResources
{
    /// <summary>What an instance's state shows while its driver does not answer: its last known state may no longer hold.</summary>
    public const string UnknownState = "Unknown";

    /// <summary>One instance, with the compiled count query: clients poll an instance while its jobs run.</summary>
    public static async Task<ComputeInstanceResource> ToResourceAsync(
        this ComputeInstance instance, WorkbenchDbContext db, SizeCatalog sizes, CancellationToken cancellationToken) =>
        instance.ToResource(sizes, await JobCountsQuery.ForOneAsync(db, instance.Workspace, instance.NameKey, cancellationToken));

    public static async Task<IReadOnlyList<ComputeInstanceResource>> ToResourcesAsync(
        IReadOnlyList<ComputeInstance> instances, WorkbenchDbContext db, SizeCatalog sizes, CancellationToken cancellationToken)
    {
        if (instances.Count == 0)
        {
            return [];
        }
        var counts = await JobCountsQuery.ForAsync(db, instances[0].Workspace, [.. instances.Select(i => i.NameKey)], cancellationToken);
        return [.. instances.Select(i => i.ToResource(sizes, counts.GetValueOrDefault(i.NameKey, JobCountsQuery.None)))];
    }

    private static ComputeInstanceResource ToResource(this ComputeInstance instance, SizeCatalog sizes, JobCounts jobs) => new(
        instance.Name,
        instance.Workspace,
        instance.Size,
        instance.Image,
        instance.Owner,
        instance.CreatedBy,
        instance.Driver,
        instance.Partition,
        instance.SlotsFor(sizes.Find(instance.Size)?.VCpus ?? 0),
        jobs,
        instance.DriverError is null ? instance.State.ToString() : UnknownState,
        instance.DesiredState.ToString(),
        instance.Endpoints,
        AppEndpoints.Names(instance).ToDictionary(app => app, app => AppPaths.BaseUrl(instance.Workspace, instance.Name, app)),
        SshOf(instance),
        instance.DriverError ?? instance.Error,
        instance.CreatedAt,
        instance.UpdatedAt);

    /// <summary>Where to log in while the SSH server runs; while it runs without one, that a restart starts it.</summary>
    private static SshAccessResource? SshOf(ComputeInstance instance)
    {
        if (instance.SshPublicKey is not { } key)
        {
            return null;
        }
        var fingerprint = SshPublicKey.Fingerprint(key);
        if (!instance.Endpoints.TryGetValue(SshAccess.EndpointName, out var endpoint))
        {
            return new SshAccessResource(fingerprint, SshAccess.User, null, null, null, RestartNeeded: instance.State is InstanceState.Running);
        }
        var (host, port) = EndpointAddress.Parse(endpoint);
        return new SshAccessResource(fingerprint, SshAccess.User, host, port, $"ssh -p {port} {SshAccess.User}@{host}", RestartNeeded: false);
    }
}
