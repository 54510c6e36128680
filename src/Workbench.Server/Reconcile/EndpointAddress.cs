using System.Globalization;

namespace Workbench.Server.Reconcile;

/// <summary>An endpoint as drivers report it, "host:port" ("[v6]:port" for an IPv6 address), taken apart.</summary>
public sealed record EndpointAddress(string Host, int Port)
{
    public static EndpointAddress Parse(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return new EndpointAddress(endpoint[..colon].Trim('[', ']'), int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}
