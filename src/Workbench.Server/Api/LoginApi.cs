using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Contracts;
using Workbench.Domain.Identity;
using Workbench.Server.Auth;
using Workbench.Server.Store;
using Workbench.Domain.Access;
using Workbench.Server.Access;

namespace Workbench.Server.Api;

/// <summary>
/// POST /api/v1/login/token: a user name and password exchanged for a new API token (what `wb login
/// --username` does), checked and throttled exactly as the login page is. Needs no token, of course.
/// </summary>
public static class LoginApi
{
    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/login/token", ExchangeAsync).AllowAnonymous().RequireAction(PlatformActions.SignIn);
        return app;
    }

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem, ProblemHttpResult>> ExchangeAsync(
        PasswordLoginRequest? body, HttpContext context, PasswordCheck check, WorkbenchDbContext db, TimeProvider time, CancellationToken ct)
    {
        var tokenName = body?.TokenName?.Trim();
        if (ApiToken.ValidateName(tokenName) is { } problem)
        {
            return ApiProblems.Invalid("tokenName", problem);
        }
        switch (await check.CheckAsync(body?.Username, body?.Password, context.Connection.RemoteIpAddress, ct))
        {
            case LoginOutcome.Accepted accepted:
                var (token, secret) = ApiTokens.Issue(accepted.User.Id, tokenName!, time.GetUtcNow());
                db.ApiTokens.Add(token);
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/api/v1/users/me/tokens/{token.Id}", new CreatedTokenResponse(token.Id, token.Name, token.CreatedAt, secret));
            case LoginOutcome.Throttled throttled:
                return ApiProblems.TooManyAttempts(context.Response, throttled.RetryAfter);
            default:
                return ApiProblems.LoginRefused();
        }
    }
}
