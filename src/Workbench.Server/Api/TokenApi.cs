using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Identity;
using Workbench.Server.Auth;
using Workbench.Server.Store;
using Workbench.Domain.Access;
using Workbench.Server.Access;

namespace Workbench.Server.Api;

/// <summary>/api/v1/users/me/tokens: the caller's own API tokens. A revoked token stops working at its next request.</summary>
public static class TokenApi
{
    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users/me/tokens");
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync).RequireAction(PlatformActions.TokensWrite);
        group.MapDelete("/{id:guid}", RevokeAsync).RequireAction(PlatformActions.TokensDelete);
        return app;
    }

    private static async Task<Ok<Page<TokenResource>>> ListAsync(ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        var userId = await UserIdAsync(caller, db, ct);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(ct);
        return TypedResults.Ok(new Page<TokenResource>(
            [.. tokens.OrderBy(t => t.CreatedAt).Select(t => new TokenResource(t.Id, t.Name, t.CreatedAt))], null));
    }

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem>> CreateAsync(
        CreateTokenRequest? body, ClaimsPrincipal caller, WorkbenchDbContext db, TimeProvider time, CancellationToken ct)
    {
        var name = body?.Name?.Trim();
        if (ApiToken.ValidateName(name) is { } problem)
        {
            return ApiProblems.Invalid("name", problem);
        }
        var (token, secret) = ApiTokens.Issue(await UserIdAsync(caller, db, ct), name!, time.GetUtcNow());
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/users/me/tokens/{token.Id}", new CreatedTokenResponse(token.Id, token.Name, token.CreatedAt, secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        var userId = await UserIdAsync(caller, db, ct);
        // A tracked delete, so the cached token owners forget it as it commits (a bulk delete would bypass them).
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null)
        {
            return ApiProblems.NotFound($"You have no token with id {id}.");
        }
        db.ApiTokens.Remove(token);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.NotFound($"You have no token with id {id}.");
        }
        return TypedResults.NoContent();
    }

    private static Task<Guid> UserIdAsync(ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        var name = caller.UserName();
        return db.Users.Where(u => u.Name == name).Select(u => u.Id).SingleAsync(ct);
    }
}
