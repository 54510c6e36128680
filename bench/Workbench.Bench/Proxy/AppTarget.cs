using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Testing;

namespace Workbench.Bench.Proxy;

/// <summary>
/// One way to reach the instance's Jupyter: directly at its host:port with the app's own token (the
/// baseline), or through the Workbench proxy with the owner's Workbench token. Same path either way.
/// </summary>
public sealed class AppTarget(string name, string origin, AuthenticationHeaderValue authorization) : IDisposable
{
    private readonly HttpClient _client = CreateClient(origin, authorization);

    public string Name => name;

    public async Task GetStatusAsync(string appPath, CancellationToken cancellationToken)
    {
        var status = await StatusCodeAsync(appPath, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {appPath}api/status answered {(int)status}.", null, status);
        }
    }

    /// <summary>GET api/status, read to its end; the status code, without throwing on a 503 or 409.</summary>
    public async Task<HttpStatusCode> StatusCodeAsync(string appPath, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync($"{appPath}api/status", cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Starts a Python kernel and returns its id.</summary>
    public async Task<string> StartKernelAsync(string appPath, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsJsonAsync($"{appPath}api/kernels", new { name = "python3" }, cancellationToken);
        var kernel = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return kernel.GetProperty("id").GetString()!;
    }

    public Task<KernelChannel> ConnectKernelAsync(string appPath, string kernelId) =>
        KernelChannel.ConnectAsync(new Uri($"{origin.Replace("http://", "ws://", StringComparison.Ordinal)}{appPath}api/kernels/{kernelId}/channels"), authorization);

    private static HttpClient CreateClient(string origin, AuthenticationHeaderValue authorization)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false })
        {
            BaseAddress = new Uri(origin),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    public void Dispose() => _client.Dispose();
}
