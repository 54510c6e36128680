using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Server.Access;
using Workbench.Server.Auth;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>/api/v1/roles: the role definitions, built-in and custom. Custom roles apply in every workspace, so platform admins write them.</summary>
public static class RoleApi
{
    public static IEndpointRouteBuilder MapRoleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/roles");
        group.MapGet("/", ListAsync);
        group.MapPut("/{name}", PutAsync).RequireAction(PlatformActions.RolesWrite);
        return app;
    }

    private static async Task<Ok<Page<RoleResource>>> ListAsync(WorkbenchDbContext db, CancellationToken ct)
    {
        var custom = await db.Roles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
        return TypedResults.Ok(new Page<RoleResource>([.. BuiltInRoles.All.Concat(custom).Select(ToResource)], null));
    }

    /// <summary>Creates (201) or replaces (200) a custom role; members holding it get the new definition at their next request.</summary>
    private static async Task<Results<Created<RoleResource>, Ok<RoleResource>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string name, PutRoleRequest? body, ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        if (!caller.IsAdmin())
        {
            return ApiProblems.Denied(PlatformActions.RolesWrite, "Only a platform admin may define roles.");
        }
        var (role, errors) = RoleDefinition.Custom(name, body?.Description, body?.Actions, body?.NotActions, body?.OwnComputesOnly ?? false);
        if (role is null)
        {
            return ApiProblems.Invalid(errors);
        }
        var existing = await db.Roles.FirstOrDefaultAsync(r => r.Name == name, ct);
        if (existing is not null)
        {
            existing.Redefine(role);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToResource(existing));
        }
        db.Roles.Add(role);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/roles/{Uri.EscapeDataString(name)}", ToResource(role));
    }

    private static RoleResource ToResource(RoleDefinition role) =>
        new(role.Name, role.Description, role.Actions, role.NotActions, role.OwnComputesOnly, role.IsBuiltIn);
}
