using Workbench.Server.Auth;

namespace Workbench.Server.Studio;

/// <summary>
/// The Studio, the web UI: static files from wwwroot (one page, ES modules and a style sheet, no build
/// step) that use the same REST API as the CLI with the session cookie. Its client-side routes
/// (/, /w/..., /admin/...) all answer with the one page; they are listed, not a catch-all, so no API,
/// proxy, login or health path is ever shadowed. Visitors without a session are sent to /login and back.
/// </summary>
public static class StudioPages
{
    /// <summary>
    /// Only this server's own scripts, styles and API; no inline script, no eval, no framing. App pages
    /// (/i/...) are the apps' own and keep their own headers.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string ShellFile = "index.html";
    private static readonly string[] ClientRoutes = ["/", "/w/{**rest}", "/admin/{**rest}"];

    /// <summary>Static files first, before authentication: they hold no data, and a page needs its scripts to show the sign-in redirect.</summary>
    public static IApplicationBuilder UseStudioFiles(this IApplicationBuilder app) => app.UseStaticFiles(new StaticFileOptions
    {
        OnPrepareResponse = file =>
        {
            file.Context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            // Revalidated on each load (cheap: ETag and 304), so a new server version never runs with old scripts.
            file.Context.Response.Headers.CacheControl = "no-cache";
        },
    });

    public static IEndpointRouteBuilder MapStudioPages(this IEndpointRouteBuilder app)
    {
        foreach (var route in ClientRoutes)
        {
            app.MapGet(route, Shell).AllowAnonymous();
        }
        return app;
    }

    private static IResult Shell(HttpContext context, IWebHostEnvironment environment)
    {
        var request = context.Request;
        if (context.User.Identity?.IsAuthenticated != true)
        {
            var here = $"{request.PathBase}{request.Path}{request.QueryString}";
            return Results.Redirect($"{request.PathBase}{LoginPages.LoginPath}?{LoginPages.ReturnUrlParameter}={Uri.EscapeDataString(here)}");
        }
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(Path.Combine(environment.WebRootPath, ShellFile), "text/html; charset=utf-8");
    }
}
