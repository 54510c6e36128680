using Workbench.Contracts;
using Workbench.Domain.Computes;
using Workbench.Drivers;
using Workbench.Server.Proxy;
using Workbench.Server.Reconcile;

namespace Workbench.Server.Api;

/// <summary>Turns stored instances into what the API shows.</summary>
public static class ComputeResources
{
    public static ComputeInstanceResource ToResource(this ComputeInstance instance) => new(
        instance.Name,
        instance.Workspace,
        instance.Size,
        instance.Image,
        instance.Owner,
        instance.CreatedBy,
        instance.State.ToString(),
        instance.DesiredState.ToString(),
        instance.Endpoints,
        AppEndpoints.Names(instance).ToDictionary(app => app, app => AppPaths.BaseUrl(instance.Workspace, instance.Name, app)),
        SshOf(instance),
        instance.Error,
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
