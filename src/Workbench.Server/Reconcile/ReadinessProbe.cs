using Workbench.Domain.Catalog;

namespace Workbench.Server.Reconcile;

/// <summary>Asks each app of an instance its readiness path; the instance is Running only when all answer 2xx.</summary>
public sealed class ReadinessProbe(IHttpClientFactory clients)
{
    public const string ClientName = "readiness";

    public async Task<bool> AllReadyAsync(
        ImageDefinition image, string workspace, string instance, IReadOnlyDictionary<string, string> endpoints, string token, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
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
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        return true;
    }
}
