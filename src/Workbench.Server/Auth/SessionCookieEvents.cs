using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Server.Proxy;
using Workbench.Server.Store;

namespace Workbench.Server.Auth;

/// <summary>
/// How the session cookie behaves beyond ASP.NET Core's defaults: each request checks the user still
/// exists with the same password (and takes their admin flag as it is now), and a caller without a
/// session gets a 401 problem like any API caller, except a browser opening an app, which is sent to sign in
/// (on an app's own origin, through Workbench's hand-off).
/// </summary>
public sealed class SessionCookieEvents(WorkbenchDbContext db, IOptions<AppsOptions> apps) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var id = SessionCookie.UserId(context.Principal!);
        var user = id is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, context.HttpContext.RequestAborted);
        if (user is null || !SessionCookie.IsCurrentFor(context.Principal!, user))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionCookie.SchemeName);
            return;
        }
        context.ReplacePrincipal(SessionCookie.PrincipalFor(user));
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (!AppProxy.IsBrowserNavigation(context.Request))
        {
            return Problems.WriteUnauthorized(context.HttpContext);
        }
        // An app's own origin has no login page: Workbench signs the person in and hands the session over.
        // Elsewhere RedirectUri is the login page with this request's path and query as its local returnUrl.
        context.Response.Redirect(apps.Value.BaseDomain is { } baseDomain && AppHost.Parse(context.Request.Host.Host, baseDomain) is not null
            ? AppSignIn.HandoffUrl(context.Request, apps.Value)
            : context.RedirectUri);
        return Task.CompletedTask;
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        Problems.WriteForbidden(context.HttpContext);
}
