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

/// <summary>
/// PUT /api/v1/users/{name}/password: admins set anyone's password; people change their own, giving the
/// current one if they have one (checked and throttled like a sign-in, so a stolen token cannot be
/// used to guess it). A new password ends the user's browser sessions; their API tokens keep working.
/// </summary>
public static class PasswordApi
{
    public static IEndpointRouteBuilder MapPasswordApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/v1/users/{name}/password", SetAsync).RequireAction(PlatformActions.PasswordsWrite);
        return app;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetAsync(
        string name, SetPasswordRequest? body, ClaimsPrincipal caller, HttpContext context,
        WorkbenchDbContext db, PasswordHashes hashes, PasswordCheck check, CancellationToken ct)
    {
        if (!caller.IsAdmin() && name != caller.UserName())
        {
            return ApiProblems.Forbidden("Only an admin may set another user's password.");
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name, ct);
        if (user is null)
        {
            return ApiProblems.NotFound($"There is no user named '{name}'.");
        }
        if (Password.Validate(body?.Password) is { } problem)
        {
            return ApiProblems.Invalid("password", problem);
        }
        if (!caller.IsAdmin() && user.HasPassword)
        {
            if (string.IsNullOrEmpty(body!.CurrentPassword))
            {
                return ApiProblems.Invalid("currentPassword", "Give your current password to change it.");
            }
            switch (await check.CheckAsync(name, body.CurrentPassword, context.Connection.RemoteIpAddress, ct))
            {
                case LoginOutcome.Throttled throttled:
                    return ApiProblems.TooManyAttempts(context.Response, throttled.RetryAfter);
                case LoginOutcome.Refused:
                    return ApiProblems.Invalid("currentPassword", "The current password is not right.");
            }
        }
        user.ChangePassword(hashes.Hash(user, body!.Password!));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
