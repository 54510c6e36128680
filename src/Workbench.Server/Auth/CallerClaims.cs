using System.Security.Claims;

namespace Workbench.Server.Auth;

/// <summary>Who is calling, read from the authenticated principal.</summary>
public static class CallerClaims
{
    public const string Admin = "workbench:admin";

    public static string UserName(this ClaimsPrincipal principal) =>
        principal.Identity?.Name ?? throw new InvalidOperationException("The endpoint needs an authenticated caller.");

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.HasClaim(Admin, "true");
}
