using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Workbench.Domain.Identity;

namespace Workbench.Server.Auth;

/// <summary>
/// The browser session a person gets by signing in with their password: an encrypted cookie naming the
/// user and a stamp of their password, so that changing the password ends every session opened with the old one.
/// </summary>
public static class SessionCookie
{
    public const string SchemeName = "Session";
    public const string CookieName = "wb_session";
    private const string PasswordStampClaim = "workbench:password-stamp";

    public static ClaimsPrincipal PrincipalFor(User user) => new(new ClaimsIdentity(
        [
            // A stable id, so antiforgery tokens stay valid when the admin flag changes.
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(PasswordStampClaim, PasswordStamp(user)),
            .. CallerClaims.For(user.Name, user.IsAdmin),
        ],
        SchemeName));

    public static Guid? UserId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Whether the session was opened with the user's current password.</summary>
    public static bool IsCurrentFor(ClaimsPrincipal principal, User user) =>
        user.PasswordHash is not null && principal.FindFirstValue(PasswordStampClaim) == PasswordStamp(user);

    /// <summary>
    /// SameSite=Lax rather than Strict: a link to a notebook from mail or chat is a top-level navigation
    /// from another site, and under Strict it would arrive signed out. Lax still keeps the cookie off
    /// cross-site posts, frames and scripts, and every request that changes state is checked on its own
    /// (antiforgery tokens on forms and the API, the Origin header at the app proxy).
    /// </summary>
    public static void Configure(CookieAuthenticationOptions options, IOptions<LoginOptions> login)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = login.Value.SessionIdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = LoginPages.LoginPath;
        options.ReturnUrlParameter = LoginPages.ReturnUrlParameter;
        options.EventsType = typeof(SessionCookieEvents);
    }

    // Short and one-way: the cookie is encrypted anyway, and the stamp only has to change with the hash.
    private static string PasswordStamp(User user) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.PasswordHash ?? "")))[..16];
}
