using Workbench.Domain.Computes;
using Workbench.Drivers;

namespace Workbench.Server.Proxy;

/// <summary>The endpoints of an instance's apps: all it has but its SSH server's, which is no web app and never proxied.</summary>
public static class AppEndpoints
{
    public static IEnumerable<string> Names(ComputeInstance instance) =>
        instance.Endpoints.Keys.Where(name => name != SshAccess.EndpointName);

    public static string? Find(ComputeInstance instance, string app) =>
        app != SshAccess.EndpointName && instance.Endpoints.TryGetValue(app, out var endpoint) ? endpoint : null;
}
