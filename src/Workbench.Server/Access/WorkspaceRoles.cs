using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Access;
using Workbench.Server.Store;

namespace Workbench.Server.Access;

/// <summary>Looks roles up: built-in ones in code, custom ones in the store; and a user's role in a workspace.</summary>
public static class WorkspaceRoles
{
    /// <summary>A built-in or custom role by name (any case), or null.</summary>
    public static async Task<RoleDefinition?> FindAsync(WorkbenchDbContext db, string? name, CancellationToken ct) =>
        name is null ? null : BuiltInRoles.Find(name) ?? await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, ct);

    /// <summary>
    /// The caller's role in the workspace: Owner for platform admins wherever the workspace exists, the
    /// member's role otherwise; null when the workspace does not exist or the caller is not a member of it.
    /// </summary>
    public static async Task<RoleDefinition?> OfAsync(WorkbenchDbContext db, string workspace, string userName, bool isAdmin, CancellationToken ct)
    {
        if (isAdmin)
        {
            return await db.Workspaces.AnyAsync(w => w.Name == workspace, ct) ? BuiltInRoles.Find(BuiltInRoles.Owner) : null;
        }
        // One round trip: the membership and, for a custom role, its definition.
        var member = await db.Members.AsNoTracking()
            .Where(m => m.Workspace == workspace && m.UserName == userName)
            .Select(m => new { m.Role, Custom = db.Roles.FirstOrDefault(r => r.Name == m.Role) })
            .FirstOrDefaultAsync(ct);
        return member is null ? null : BuiltInRoles.Find(member.Role) ?? member.Custom;
    }
}
