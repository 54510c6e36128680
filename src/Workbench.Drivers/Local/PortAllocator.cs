using System.Net;
using System.Net.Sockets;

namespace Workbench.Drivers.Local;

/// <summary>Picks free loopback ports by letting the kernel choose one.</summary>
internal static class PortAllocator
{
    public static int Allocate()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
