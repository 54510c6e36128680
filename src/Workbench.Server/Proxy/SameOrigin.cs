namespace Workbench.Server.Proxy;

/// <summary>
/// Whether a browser request comes from a page of this server. The app's own CSRF checks do not help
/// here: Jupyter skips them for requests that carry its token, which the proxy always adds. So a
/// request with the session cookie and an Origin header (browsers send one with every websocket and
/// every cross-site or non-GET fetch) must name this host; SameSite=Lax does the rest for other sites,
/// and this check also stops sibling subdomains, which count as the same site.
/// </summary>
public static class SameOrigin
{
    public static bool Holds(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        // Authority, not scheme: behind a proxy that ends TLS the server sees http while the page was https.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
