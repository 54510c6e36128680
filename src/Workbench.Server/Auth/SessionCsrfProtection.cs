using Microsoft.AspNetCore.Antiforgery;

namespace Workbench.Server.Auth;

/// <summary>
/// API calls that come with the session cookie and change something must also carry an antiforgery
/// token in the X-XSRF-TOKEN header (from GET /api/v1/antiforgery), else 400. A browser sends the cookie
/// by itself, so without this any page the user has open could make their browser call the API; a page
/// of another origin can neither read the token nor set the header. Calls with an API token need nothing:
/// no browser adds an Authorization header on its own. Accepting the cookie on the API at all is what
/// lets a web UI served here use the same API as the CLI.
/// </summary>
public static class SessionCsrfProtection
{
    public const string HeaderName = "X-XSRF-TOKEN";
    public const string ProblemType = "urn:workbench:antiforgery";

    public static IApplicationBuilder UseSessionCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsToken(context) && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await Problems.Write(context, StatusCodes.Status400BadRequest, "Missing antiforgery token",
                $"A call made with the session cookie that changes something needs the {HeaderName} header from GET /api/v1/antiforgery; programs use an API token instead.",
                ProblemType);
            return;
        }
        await next(context);
    });

    private static bool NeedsToken(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.User.HasSession();
}
