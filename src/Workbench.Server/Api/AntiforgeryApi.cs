using Microsoft.AspNetCore.Antiforgery;
using Workbench.Contracts;
using Workbench.Server.Auth;

namespace Workbench.Server.Api;

/// <summary>
/// GET /api/v1/antiforgery: the token a page served here sends in X-XSRF-TOKEN with each call that
/// changes something while it uses the session cookie (see <see cref="SessionCsrfProtection"/>).
/// Pages of other origins cannot read this answer, which is the point.
/// </summary>
public static class AntiforgeryApi
{
    public static IEndpointRouteBuilder MapAntiforgeryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            TypedResults.Ok(new AntiforgeryTokenResource(SessionCsrfProtection.HeaderName, antiforgery.GetAndStoreTokens(context).RequestToken!)));
        return app;
    }
}
