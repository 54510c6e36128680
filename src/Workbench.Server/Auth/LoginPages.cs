using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Workbench.Domain.Access;
using Workbench.Server.Access;

namespace Workbench.Server.Auth;

/// <summary>
/// GET and POST /login, POST /logout: people sign in with their password in a browser and get the
/// session cookie. Both forms carry an antiforgery token; a post without a valid one gets the page back
/// with a fresh token and a 400, so a form left open too long costs one more click, never a dead end.
/// </summary>
public static class LoginPages
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";
    public const string ReturnUrlParameter = "returnUrl";

    private const string ExpiredForm = "This form has expired or did not come from this site. Please try again.";

    public static IEndpointRouteBuilder MapLoginPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page(context, antiforgery, StatusCodes.Status200OK, returnUrl: returnUrl)).AllowAnonymous();
        app.MapPost(LoginPath, SignInAsync).AllowAnonymous().RequireAction(PlatformActions.SignIn);
        app.MapPost(LogoutPath, SignOutAsync).AllowAnonymous().RequireAction(PlatformActions.SignOut);
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, PasswordCheck check, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, antiforgery, StatusCodes.Status400BadRequest, ExpiredForm);
        }
        var form = await context.Request.ReadFormAsync(ct);
        string? userName = form["username"], returnUrl = form[ReturnUrlParameter];
        var outcome = await check.CheckAsync(userName, form["password"], context.Connection.RemoteIpAddress, ct);
        switch (outcome)
        {
            case LoginOutcome.Accepted accepted:
                await context.SignInAsync(SessionCookie.SchemeName, SessionCookie.PrincipalFor(accepted.User));
                return Results.LocalRedirect(LocalUrl.IsLocal(returnUrl) ? returnUrl : context.Request.PathBase + LoginPath);
            case LoginOutcome.Throttled throttled:
                context.Response.Headers.RetryAfter = RetryAfter.Seconds(throttled.RetryAfter);
                return Page(context, antiforgery, StatusCodes.Status429TooManyRequests,
                    $"Too many failed sign-ins. Try again in {RetryAfter.Describe(throttled.RetryAfter)}.", userName, returnUrl);
            default:
                return Page(context, antiforgery, StatusCodes.Status401Unauthorized, LoginOutcome.RefusedMessage, userName, returnUrl);
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, antiforgery, StatusCodes.Status400BadRequest, ExpiredForm);
        }
        await context.SignOutAsync(SessionCookie.SchemeName);
        return Results.LocalRedirect(context.Request.PathBase + LoginPath);
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, int status, string? message = null, string? userName = null, string? returnUrl = null)
    {
        var html = LoginPageHtml.Render(
            context.Request.PathBase,
            antiforgery.GetAndStoreTokens(context),
            context.User.HasSession() ? context.User.UserName() : null,
            userName,
            LocalUrl.IsLocal(returnUrl) ? returnUrl : null,
            message);
        context.Response.Headers.ContentSecurityPolicy = LoginPageHtml.ContentSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
