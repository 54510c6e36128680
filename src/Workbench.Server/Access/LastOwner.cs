using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Access;
using Workbench.Domain.Workspaces;
using Workbench.Server.Api;
using Workbench.Server.Store;

namespace Workbench.Server.Access;

/// <summary>
/// A workspace keeps at least one Owner among its members: otherwise no one but a platform admin
/// could ever manage its members or quotas again.
/// </summary>
public static class LastOwner
{
    /// <summary>
    /// Whether taking the Owner role from <paramref name="member"/> would leave the workspace without one.
    /// Call it inside a transaction: it locks the workspace's row first (the same lock quota admission
    /// takes), so two Owners demoting each other at once cannot both pass.
    /// </summary>
    public static async Task<bool> WouldBeLeftAsync(WorkbenchDbContext db, WorkspaceMember member, CancellationToken ct)
    {
        if (member.Role != BuiltInRoles.Owner)
        {
            return false;
        }
        await db.Workspaces.Where(w => w.Name == member.Workspace)
            .ExecuteUpdateAsync(w => w.SetProperty(x => x.AdmissionVersion, x => x.AdmissionVersion + 1), ct);
        return !await db.Members.AnyAsync(m => m.Workspace == member.Workspace && m.Role == BuiltInRoles.Owner && m.UserName != member.UserName, ct);
    }

    /// <summary>The 409 that refuses <paramref name="change"/> (what the caller tried, as a verb phrase).</summary>
    public static ProblemHttpResult Refusal(WorkspaceMember member, string change) =>
        ApiProblems.Conflict("Last Owner",
            $"'{member.UserName}' is the last Owner of '{member.Workspace}'; make another member Owner (wb role assign --role Owner) before you {change}.");
}
