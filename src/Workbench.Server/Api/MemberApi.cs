using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Workspaces;
using Workbench.Server.Access;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>/api/v1/workspaces/{workspace}/members: who is in the workspace, each with one role (a new assignment replaces the old).</summary>
public static class MemberApi
{
    public static IEndpointRouteBuilder MapMemberApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces/{workspace}/members");
        group.MapGet("/", ListAsync).RequireAction(WorkbenchActions.MembersRead);
        group.MapPut("/{user}", AssignAsync).RequireAction(WorkbenchActions.MembersWrite);
        group.MapDelete("/{user}", RemoveAsync).RequireAction(WorkbenchActions.MembersWrite);
        return app;
    }

    private static async Task<Ok<Page<MemberResource>>> ListAsync(string workspace, WorkbenchDbContext db, CancellationToken ct)
    {
        var members = await db.Members.AsNoTracking().Where(m => m.Workspace == workspace).OrderBy(m => m.UserName).ToListAsync(ct);
        return TypedResults.Ok(new Page<MemberResource>([.. members.Select(ToResource)], null));
    }

    private static async Task<Results<Created<MemberResource>, Ok<MemberResource>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        string workspace, string user, AssignRoleRequest? body, WorkbenchDbContext db, TimeProvider time, CancellationToken ct)
    {
        var role = await WorkspaceRoles.FindAsync(db, body?.Role, ct);
        if (role is null)
        {
            return ApiProblems.Invalid("role", $"There is no role named '{body?.Role}'; see GET /api/v1/roles (wb role list).");
        }
        if (!await db.Users.AnyAsync(u => u.Name == user, ct))
        {
            return ApiProblems.NotFound($"There is no user named '{user}'.");
        }
        var member = await db.Members.FirstOrDefaultAsync(m => m.Workspace == workspace && m.UserName == user, ct);
        if (member is not null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (role.Name != BuiltInRoles.Owner && await LastOwner.WouldBeLeftAsync(db, member, ct))
            {
                return LastOwner.Refusal(member, $"make them {role.Name}");
            }
            member.Assign(role.Name, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Ok(ToResource(member));
        }
        member = new WorkspaceMember(workspace, user, role.Name, time.GetUtcNow());
        db.Members.Add(member);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("Assigned meanwhile", $"'{user}' was given a role in '{workspace}' by another request meanwhile; try again.");
        }
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/members/{user}", ToResource(member));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string workspace, string user, WorkbenchDbContext db, CancellationToken ct)
    {
        // A tracked delete, so the cached roles forget it as it commits (a bulk delete would bypass them).
        var member = await db.Members.FirstOrDefaultAsync(m => m.Workspace == workspace && m.UserName == user, ct);
        if (member is null)
        {
            return ApiProblems.NotFound($"'{user}' is not a member of '{workspace}'.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LastOwner.WouldBeLeftAsync(db, member, ct))
        {
            return LastOwner.Refusal(member, "remove them");
        }
        db.Members.Remove(member);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.NotFound($"'{user}' is not a member of '{workspace}'.");
        }
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static MemberResource ToResource(WorkspaceMember member) => new(member.UserName, member.Role, member.AssignedAt);
}
