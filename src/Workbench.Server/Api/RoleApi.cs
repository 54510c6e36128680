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
        group.MapDelete("/{name}", DeleteAsync).RequireAction(PlatformActions.RolesDelete);
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

    /// <summary>
    /// Deletes a custom role no one holds. A built-in role, or one still assigned (the answer names where),
    /// is refused with 409: members must not be left holding a role that grants nothing they can see.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        if (!caller.IsAdmin())
        {
            return ApiProblems.Denied(PlatformActions.RolesDelete, "Only a platform admin may delete roles.");
        }
        if (BuiltInRoles.Find(name) is { } builtIn)
        {
            return ApiProblems.Conflict("Role is built in", $"'{builtIn.Name}' is a built-in role; only custom roles can be deleted.");
        }
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == name, ct);
        if (role is null)
        {
            return ApiProblems.NotFound($"There is no custom role named '{name}'.");
        }
        var holders = await db.Members.AsNoTracking().Where(m => m.Role == role.Name)
            .OrderBy(m => m.Workspace).ThenBy(m => m.UserName).Select(m => m.UserName + " in " + m.Workspace).ToListAsync(ct);
        if (holders.Count > 0)
        {
            return ApiProblems.Conflict("Role is assigned",
                $"'{role.Name}' is still assigned: {string.Join(", ", holders)}. Assign them another role (wb role assign) or remove them first.");
        }
        db.Roles.Remove(role);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted by another request meanwhile: gone either way.
        }
        return TypedResults.NoContent();
    }

    private static RoleResource ToResource(RoleDefinition role) =>
        new(role.Name, role.Description, role.Actions, role.NotActions, role.OwnComputesOnly, role.IsBuiltIn);
}
