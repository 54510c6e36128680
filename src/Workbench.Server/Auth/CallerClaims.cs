using System.Security.Claims;

namespace Workbench.Server.Auth;

/// <summary>Who is calling, read from the authenticated principal.</summary>
public static class CallerClaims
{
    public const string Admin = "workbench:admin";

    /// <summary>The claims every caller has, however they signed in.</summary>
    public static Claim[] For(string userName, bool isAdmin) =>
        [new Claim(ClaimTypes.Name, userName), new Claim(Admin, isAdmin ? "true" : "false")];

    public static string UserName(this ClaimsPrincipal principal) =>
        principal.Identity?.Name ?? throw new InvalidOperationException("The endpoint needs an authenticated caller.");

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.HasClaim(Admin, "true");

    /// <summary>Whether the caller came with the browser session cookie, which a browser sends on its own (so CSRF matters), rather than a token.</summary>
    public static bool HasSession(this ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, AuthenticationType: SessionCookie.SchemeName };
}
