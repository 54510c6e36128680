using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Workspaces;
using Workbench.Server.Access;
using Workbench.Server.Auth;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>
/// /api/v1/workspaces: the tenants. Callers see the workspaces they are members of (platform admins, all);
/// platform admins create them and become their Owner; a workspace with computes cannot be deleted.
/// </summary>
public static class WorkspaceApi
{
    public static IEndpointRouteBuilder MapWorkspaceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces");
        group.MapGet("/", ListAsync);
        group.MapGet("/{workspace}", GetAsync).RequireAction(WorkbenchActions.WorkspacesRead);
        group.MapPut("/{workspace}", PutAsync).RequireAction(WorkbenchActions.WorkspacesWrite, createsWorkspace: true);
        group.MapDelete("/{workspace}", DeleteAsync).RequireAction(WorkbenchActions.WorkspacesDelete);
        return app;
    }

    private static async Task<Ok<Page<WorkspaceResource>>> ListAsync(ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct)
    {
        var me = caller.UserName();
        var rows = caller.IsAdmin()
            ? await db.Workspaces.AsNoTracking().OrderBy(w => w.Name).Select(w => new { Workspace = w, Role = BuiltInRoles.Owner }).ToListAsync(ct)
            : await db.Members.AsNoTracking().Where(m => m.UserName == me)
                .Join(db.Workspaces.AsNoTracking(), m => m.Workspace, w => w.Name, (m, w) => new { Workspace = w, m.Role })
                .OrderBy(r => r.Workspace.Name).ToListAsync(ct);
        return TypedResults.Ok(new Page<WorkspaceResource>([.. rows.Select(r => ToResource(r.Workspace, r.Role))], null));
    }

    private static async Task<Results<Ok<WorkspaceResource>, ProblemHttpResult>> GetAsync(string workspace, CallerAccess access, WorkbenchDbContext db, CancellationToken ct)
    {
        var found = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Name == workspace, ct);
        return TypedResults.Ok(ToResource(found, access.Role.Name));
    }

    /// <summary>Creates the workspace (201, the caller its Owner) or changes the settings the body names (200).</summary>
    private static async Task<Results<Created<WorkspaceResource>, Ok<WorkspaceResource>, ValidationProblem>> PutAsync(
        string workspace, PutWorkspaceRequest? body, ClaimsPrincipal caller, WorkbenchDbContext db, TimeProvider time, CancellationToken ct)
    {
        var found = await db.Workspaces.FirstOrDefaultAsync(w => w.Name == workspace, ct);
        if (found is not null)
        {
            if (body?.ReleaseQuotaOnStop is { } release)
            {
                found.ChangeReleaseQuotaOnStop(release);
                await db.SaveChangesAsync(ct);
            }
            return TypedResults.Ok(ToResource(found, BuiltInRoles.Owner));
        }
        // Only a platform admin gets here for a workspace that does not exist (the access filter saw to it).
        if (WorkspaceName.Validate(workspace) is { } badName)
        {
            return ApiProblems.Invalid("name", badName);
        }
        var created = new Workspace(workspace, time.GetUtcNow());
        created.ChangeReleaseQuotaOnStop(body?.ReleaseQuotaOnStop ?? false);
        db.Workspaces.Add(created);
        db.Members.Add(new WorkspaceMember(workspace, caller.UserName(), BuiltInRoles.Owner, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}", ToResource(created, BuiltInRoles.Owner));
    }

    /// <summary>Deletes an empty workspace with its members and quotas; its file share stays on disk (see docs/api.md).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string workspace, WorkbenchDbContext db, CancellationToken ct)
    {
        if (workspace == Workspace.DefaultName)
        {
            return ApiProblems.Conflict("Workspace is the default", "The default workspace cannot be deleted.");
        }
        var computes = await db.Instances.CountAsync(i => i.Workspace == workspace, ct);
        if (computes > 0)
        {
            return ApiProblems.Conflict("Workspace has computes", $"'{workspace}' still has {computes} compute(s); delete them first.");
        }
        // A tracked delete, so the cached roles forget the workspace as it commits (a bulk delete would bypass them);
        // the store deletes its members and quotas with it.
        var found = await db.Workspaces.FirstOrDefaultAsync(w => w.Name == workspace, ct);
        if (found is null)
        {
            return TypedResults.NoContent();
        }
        db.Workspaces.Remove(found);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.NoContent();
        }
        catch (DbUpdateException)
        {
            // A compute created meanwhile holds the workspace (its key restricts the delete).
            return ApiProblems.Conflict("Workspace has computes", $"'{workspace}' got a compute meanwhile; delete it first.");
        }
        return TypedResults.NoContent();
    }

    private static WorkspaceResource ToResource(Workspace workspace, string role) =>
        new(workspace.Name, workspace.ReleaseQuotaOnStop, role, workspace.CreatedAt);
}
