using System.Net.Sockets;
using System.Text;
using Workbench.Domain.Catalog;
using Workbench.Drivers;
using Workbench.Server.Proxy;

namespace Workbench.Server.Reconcile;

/// <summary>
/// Asks each app of an instance its readiness path, and its SSH server (when it has one) for its
/// greeting; the instance is Running only when all apps answer 2xx and the SSH server greets.
/// Apps are asked through the proxy's own connection pool, so the connection that found an app ready
/// is the one its first proxied request uses: no new connection to a just-started app.
/// </summary>
public sealed class ReadinessProbe(AppHttpClient apps)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<bool> AllReadyAsync(
        ImageDefinition image, string workspace, string instance, IReadOnlyDictionary<string, string> endpoints, string token, CancellationToken cancellationToken)
    {
        foreach (var app in image.Apps)
        {
            if (!endpoints.TryGetValue(app.Name, out var endpoint))
            {
                return false;
            }
            var url = $"http://{endpoint}{AppPaths.BaseUrl(workspace, instance, app.Name)}{app.Readiness}";
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            // Jupyter's form of the app token; apps that need none ignore it.
            request.Headers.TryAddWithoutValidation("Authorization", $"token {token}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                using var response = await apps.Invoker.SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        return !endpoints.TryGetValue(SshAccess.EndpointName, out var ssh) || await SshGreetsAsync(EndpointAddress.Parse(ssh), cancellationToken);
    }

    /// <summary>An SSH server speaks first: a line that starts with "SSH-2.0-".</summary>
    private static async Task<bool> SshGreetsAsync(EndpointAddress ssh, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(ssh.Host, ssh.Port, timeout.Token);
            var greeting = new byte["SSH-2.0-".Length];
            var read = await tcp.GetStream().ReadAtLeastAsync(greeting, greeting.Length, throwOnEndOfStream: false, timeout.Token);
            return Encoding.ASCII.GetString(greeting, 0, read) == "SSH-2.0-";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
