using System.Net;
using System.Net.Sockets;

namespace Workbench.Testing;

/// <summary>
/// A loopback port nobody listens on right now, for a test server. Chosen below the kernel's
/// ephemeral range (32768 and up), where instance apps and outgoing connections take their ports,
/// so a server that a test kills and restarts on its port does not find an app there; never the same
/// port twice in one test process.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Count = 10_000;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = First + Random.Shared.Next(Count);
                if (!Given.Contains(port) && CanListen(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free port between {First} and {First + Count} after 1000 tries.");
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
