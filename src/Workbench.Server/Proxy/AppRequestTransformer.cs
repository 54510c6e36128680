using Yarp.ReverseProxy.Forwarder;

namespace Workbench.Server.Proxy;

/// <summary>
/// Shapes a request for an instance's app: the caller's Workbench credentials stay behind, the
/// app's own token goes in their place, and the original Host travels on so the app's origin
/// checks (Jupyter's websocket check) see the address the browser used.
/// </summary>
public sealed class AppRequestTransformer(string appToken) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Remove("Cookie");
        proxyRequest.Headers.Authorization = null;
        proxyRequest.Headers.TryAddWithoutValidation("Authorization", $"token {appToken}");
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
    }
}
