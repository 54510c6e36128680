using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Access;
using Workbench.Domain.Computes;
using Workbench.Server.Access;
using Workbench.Server.Api;
using Workbench.Server.Auth;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Proxy;

/// <summary>
/// Signing in on an app's own origin (with a base domain set). The app host has no login page: a
/// browser without a session there is sent to GET /login/app on Workbench, which, for the instance's
/// owner signed in there, answers a form that posts a one-minute ticket to the app host's
/// POST /.workbench/session; that opens the session cookie on the app host alone and goes on to the app.
/// The ticket travels in a form body, never in a URL.
/// </summary>
public static class AppSignIn
{
    public const string HandoffPath = "/login/app";
    public const string SessionPath = "/.workbench/session";

    public static IEndpointRouteBuilder MapAppSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(HandoffPath, HandOffAsync).AllowAnonymous();
        app.MapPost(SessionPath, OpenSessionAsync).AllowAnonymous().RequireAction(PlatformActions.SignIn);
        return app;
    }

    /// <summary>Where a browser without a session on an app host goes to get one.</summary>
    public static string HandoffUrl(HttpRequest request, AppsOptions options) =>
        $"{options.ServerUrl!.TrimEnd('/')}{HandoffPath}?target={Uri.EscapeDataString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}")}";

    private static async Task<IResult> HandOffAsync(
        HttpContext context, string? target, IOptions<AppsOptions> options, AppSessionTicket tickets, WorkbenchDbContext db, CancellationToken ct)
    {
        if (options.Value.BaseDomain is not { } baseDomain)
        {
            return ApiProblems.NotFound("Apps have no origins of their own here (Workbench:Apps:BaseDomain is not set).");
        }
        if (!context.User.HasSession())
        {
            var back = $"{HandoffPath}?target={Uri.EscapeDataString(target ?? "")}";
            return Results.LocalRedirect($"{context.Request.PathBase}{LoginPages.LoginPath}?{LoginPages.ReturnUrlParameter}={Uri.EscapeDataString(back)}");
        }
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || AppHost.Parse(uri.Host, baseDomain) is not { } appHost)
        {
            return ApiProblems.Invalid("target", $"'{target}' is not the address of an app on *.{baseDomain}.");
        }
        var key = ComputeName.Key(appHost.Instance);
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Workspace == appHost.Workspace && i.NameKey == key, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound($"There is no compute named '{appHost.Instance}' in workspace '{appHost.Workspace}'.");
        }
        if (instance.Owner != context.User.UserName())
        {
            return ApiProblems.Forbidden($"Only the owner of '{instance.Name}' ({instance.Owner}) may open its apps.");
        }
        var ticket = tickets.Issue(SessionCookie.UserId(context.User)!.Value, uri.Host);
        var origin = uri.GetLeftPart(UriPartial.Authority);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; form-action {origin}; frame-ancestors 'none'; base-uri 'none'";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(
            $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Opening {{E(instance.Name)}}</title></head>
            <body style="font-family: sans-serif; margin: 3em">
            <form method="post" action="{{E(origin)}}{{SessionPath}}">
            <input type="hidden" name="ticket" value="{{E(ticket)}}">
            <input type="hidden" name="target" value="{{E(uri.PathAndQuery)}}">
            <p>Opening {{E(appHost.App)}} of {{E(instance.Name)}} on its own address…</p>
            <button type="submit">Continue</button>
            </form>
            <script nonce="{{nonce}}">document.forms[0].submit();</script>
            </body></html>
            """,
            "text/html; charset=utf-8");
    }

    private static async Task<IResult> OpenSessionAsync(
        HttpContext context, IOptions<AppsOptions> options, AppSessionTicket tickets, WorkbenchDbContext db, CancellationToken ct)
    {
        if (options.Value.BaseDomain is not { } baseDomain || AppHost.Parse(context.Request.Host.Host, baseDomain) is not { } appHost)
        {
            return ApiProblems.NotFound("Sessions open here only on an app's own address.");
        }
        var form = await context.Request.ReadFormAsync(ct);
        var userId = tickets.Redeem(form["ticket"], context.Request.Host.Host);
        var user = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return TypedResults.Problem("This sign-in has expired or was used already; open the app again from Workbench.",
                statusCode: StatusCodes.Status400BadRequest, title: "Sign-in expired", type: "urn:workbench:app-ticket");
        }
        await context.SignInAsync(SessionCookie.SchemeName, SessionCookie.PrincipalFor(user));
        var basePath = AppPaths.BaseUrl(appHost.Workspace, appHost.Instance, appHost.App);
        string? target = form["target"];
        return Results.LocalRedirect(LocalUrl.IsLocal(target) && target.StartsWith(basePath, StringComparison.OrdinalIgnoreCase) ? target : basePath);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
