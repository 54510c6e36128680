using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Server.Store;

namespace Workbench.Server.Auth;

/// <summary>Authenticates "Authorization: Bearer wb_..." against the hashed tokens in the store.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    WorkbenchDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    /// <summary>Whether the request names a bearer token at all; if it does, only that token counts, never a cookie.</summary>
    public static bool IsPresentIn(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!IsPresentIn(Request))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiTokens.Hash(Request.Headers.Authorization.ToString()[Prefix.Length..].Trim());
        var user = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { u.Name, u.IsAdmin })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("The token is not known.");
        }
        var identity = new ClaimsIdentity(CallerClaims.For(user.Name, user.IsAdmin), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Problems.WriteUnauthorized(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Problems.WriteForbidden(Context);
}
