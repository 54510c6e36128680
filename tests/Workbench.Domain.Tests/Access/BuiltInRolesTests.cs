using Workbench.Domain.Access;
using A = Workbench.Domain.Access.WorkbenchActions;

namespace Workbench.Domain.Tests.Access;

/// <summary>The built-in roles against every action, on someone else's compute and on the caller's own.</summary>
public sealed class BuiltInRolesTests
{
    public static TheoryData<string, string, bool, bool> Matrix()
    {
        string[] computeUse = [A.ComputesWrite, A.ComputesDelete, A.ComputesStart, A.ComputesStop, A.ComputesRestart, A.ComputesApplicationAccess, A.JobsWrite, A.JobsDelete];
        var data = new TheoryData<string, string, bool, bool>();
        foreach (var action in A.All)
        {
            var isRead = action.EndsWith("/read", StringComparison.Ordinal);
            data.Add(BuiltInRoles.Owner, action, true, true);
            var contributor = action is not (A.MembersWrite or A.QuotasWrite or A.WorkspacesDelete);
            data.Add(BuiltInRoles.Contributor, action, contributor, contributor);
            data.Add(BuiltInRoles.Reader, action, isRead, isRead);
            // A data scientist reads the workspace but not its audit log, and shares its file share with everyone.
            var scientistReads = isRead && action is not A.AuditRead;
            var scientistOwn = scientistReads || computeUse.Contains(action) || action is A.FilesWrite;
            var scientistOthers = scientistReads || action is A.FilesWrite;
            data.Add(BuiltInRoles.DataScientist, action, scientistOthers, scientistOwn);
            var operatorAllowed = action is A.WorkspacesRead or A.ComputesRead or A.ComputesStart or A.ComputesStop or A.ComputesRestart or A.ClustersRead or A.JobsRead;
            data.Add(BuiltInRoles.ComputeOperator, action, operatorAllowed, operatorAllowed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Role_GrantsExactlyItsActions(string role, string action, bool onOthers, bool onOwn)
    {
        var definition = BuiltInRoles.Find(role)!;
        Assert.Equal(onOthers, definition.Allows(action, callerOwnsTarget: false));
        Assert.Equal(onOwn, definition.Allows(action, callerOwnsTarget: true));
    }

    [Fact]
    public void Reader_ReadsAuditAndQuotas_ButComputeOperatorNeverOpensApps()
    {
        Assert.True(BuiltInRoles.Find("reader")!.Allows(A.AuditRead, false));
        Assert.False(BuiltInRoles.Find(BuiltInRoles.ComputeOperator)!.Allows(A.ComputesApplicationAccess, true));
    }

    [Fact]
    public void CustomRole_NotActionsWin()
    {
        var role = new RoleDefinition("Starter", "", ["workspaces/computes/*"], ["workspaces/computes/delete", "*/applicationaccess/action"], false, false);
        Assert.True(role.Allows(A.ComputesStart, false));
        Assert.False(role.Allows(A.ComputesDelete, true));
        Assert.False(role.Allows(A.ComputesApplicationAccess, true));
        Assert.False(role.Allows(A.JobsRead, true));
    }
}
