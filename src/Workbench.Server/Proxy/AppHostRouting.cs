using Microsoft.Extensions.Options;
using Workbench.Server.Api;
using Workbench.Server.Reconcile;

namespace Workbench.Server.Proxy;

/// <summary>
/// With a base domain set, an app host serves that app and nothing else of Workbench (no API, no
/// other app), at the same path as the proxy route, so the app's base URL stays one; "/" leads to
/// the app, and POST /.workbench/session opens a session there (<see cref="AppSignIn"/>). A browser asking a proxy path on the main host is sent to the app's own origin; a
/// program sending its token in the Authorization header is served where it asked (it runs no
/// page that could misuse the main origin, and a redirect would drop its header).
/// </summary>
public sealed class AppHostRouting(RequestDelegate next, IOptions<AppsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (options.Value.BaseDomain is not { } baseDomain)
        {
            return next(context);
        }
        var request = context.Request;
        if (AppHost.Parse(request.Host.Host, baseDomain) is { } appHost)
        {
            var basePath = AppPaths.BaseUrl(appHost.Workspace, appHost.Instance, appHost.App);
            if (request.Path == AppSignIn.SessionPath)
            {
                return next(context);
            }
            if (request.Path == "/")
            {
                context.Response.Redirect(basePath);
                return Task.CompletedTask;
            }
            return request.Path.StartsWithSegments(basePath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
                ? next(context)
                : ApiProblems.NotFound($"This host serves only {basePath}.").ExecuteAsync(context);
        }
        if (ProxyPath(request.Path) is { } target && !request.Headers.ContainsKey("Authorization"))
        {
            var host = request.Host.Port is { } port ? $"{target.Name(baseDomain)}:{port}" : target.Name(baseDomain);
            context.Response.Redirect($"{request.Scheme}://{host}{request.PathBase}{request.Path}{request.QueryString}", permanent: false, preserveMethod: true);
            return Task.CompletedTask;
        }
        return next(context);
    }

    private static AppHost? ProxyPath(PathString path)
    {
        var parts = path.Value?.Split('/', 6);
        return parts is { Length: >= 5 } && parts[0] == "" && parts[1] == "i" && parts[2..5].All(p => p.Length > 0)
            ? new AppHost(parts[2], parts[3], parts[4])
            : null;
    }
}
