using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Workbench.Server.Auth;

/// <summary>Authenticates "Authorization: Bearer wb_..." against the hashed tokens in the store, through <see cref="TokenOwners"/>.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenOwners owners)
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
        var user = await owners.FindAsync(hash, Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("The token is not known.");
        }
        var identity = new ClaimsIdentity(CallerClaims.For(user.UserName, user.IsAdmin), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Problems.WriteUnauthorized(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Problems.WriteForbidden(Context);
}
