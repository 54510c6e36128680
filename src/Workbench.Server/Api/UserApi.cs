using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Identity;
using Workbench.Domain.Workspaces;
using Workbench.Server.Auth;
using Workbench.Server.Store;
using Workbench.Domain.Access;
using Workbench.Server.Access;

namespace Workbench.Server.Api;

/// <summary>
/// /api/v1/users: who may call Workbench. Admins create users, with a password or without, and with a
/// role in the default workspace or none; each new user gets a token, shown once.
/// </summary>
public static class UserApi
{
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users");
        group.MapGet("/", ListAsync);
        group.MapGet("/me", GetMeAsync);
        group.MapPost("/", CreateAsync).RequireAction(PlatformActions.UsersWrite);
        return app;
    }

    /// <summary>Every user, by name; for platform admins, who create them.</summary>
    private static async Task<Results<Ok<Page<UserResource>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        if (!caller.IsAdmin())
        {
            return ApiProblems.Forbidden("Only an admin may list users.");
        }
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);
        return TypedResults.Ok(new Page<UserResource>([.. users.Select(ToResource)], null));
    }

    private static async Task<Results<Ok<UserResource>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        var name = caller.UserName();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, ct);
        return user is null ? ApiProblems.NotFound($"User '{name}' is gone.") : TypedResults.Ok(ToResource(user));
    }

    private static async Task<Results<Created<CreatedUserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest? body, ClaimsPrincipal caller, WorkbenchDbContext db, PasswordHashes hashes, TimeProvider time, CancellationToken ct)
    {
        if (!caller.IsAdmin())
        {
            return ApiProblems.Forbidden("Only an admin may create users.");
        }
        if (User.ValidateName(body?.Name) is { } problem)
        {
            return ApiProblems.Invalid("name", problem);
        }
        if (body!.Password is not null && Password.Validate(body.Password) is { } weak)
        {
            return ApiProblems.Invalid("password", weak);
        }
        var role = await WorkspaceRoles.FindAsync(db, body.Role, ct);
        if (body.Role is not null && role is null)
        {
            return ApiProblems.Invalid("role", $"There is no role named '{body.Role}'; see GET /api/v1/roles (wb role list).");
        }
        if (await db.Users.AnyAsync(u => u.Name == body!.Name, ct))
        {
            return ApiProblems.Conflict("User exists", $"There is already a user named '{body!.Name}'.");
        }
        var user = new User(body!.Name!, body.Admin, time.GetUtcNow());
        if (body.Password is not null)
        {
            user.ChangePassword(hashes.Hash(user, body.Password));
        }
        var (stored, token) = ApiTokens.Issue(user.Id, "initial", time.GetUtcNow());
        db.Users.Add(user);
        db.ApiTokens.Add(stored);
        if (role is not null)
        {
            db.Members.Add(new WorkspaceMember(Workspace.DefaultName, user.Name, role.Name, time.GetUtcNow()));
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/users/{user.Name}", new CreatedUserResponse(user.Name, user.IsAdmin, token));
    }

    private static UserResource ToResource(User user) => new(user.Name, user.IsAdmin, user.HasPassword, user.CreatedAt);
}
