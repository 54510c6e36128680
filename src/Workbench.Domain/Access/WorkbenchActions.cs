namespace Workbench.Domain.Access;

/// <summary>
/// Every permission Workbench checks, as action strings in the style of Azure role definitions:
/// a resource path, then read, write, delete or a named "/action". An endpoint checks exactly one.
/// </summary>
public static class WorkbenchActions
{
    public const string WorkspacesRead = "workspaces/read";
    public const string WorkspacesWrite = "workspaces/write";
    public const string WorkspacesDelete = "workspaces/delete";

    public const string ComputesRead = "workspaces/computes/read";
    public const string ComputesWrite = "workspaces/computes/write";
    public const string ComputesDelete = "workspaces/computes/delete";
    public const string ComputesStart = "workspaces/computes/start/action";
    public const string ComputesStop = "workspaces/computes/stop/action";
    public const string ComputesRestart = "workspaces/computes/restart/action";
    public const string ComputesApplicationAccess = "workspaces/computes/applicationaccess/action";

    public const string JobsRead = "workspaces/jobs/read";
    public const string JobsWrite = "workspaces/jobs/write";
    public const string JobsDelete = "workspaces/jobs/delete";

    public const string ClustersRead = "workspaces/clusters/read";
    public const string ClustersWrite = "workspaces/clusters/write";
    public const string ClustersDelete = "workspaces/clusters/delete";

    public const string FilesRead = "workspaces/files/read";
    public const string FilesWrite = "workspaces/files/write";

    public const string MembersRead = "workspaces/members/read";
    public const string MembersWrite = "workspaces/members/write";

    public const string QuotasRead = "quotas/read";
    public const string QuotasWrite = "quotas/write";

    public const string AuditRead = "audit/read";

    public static IReadOnlyList<string> All { get; } =
    [
        WorkspacesRead, WorkspacesWrite, WorkspacesDelete,
        ComputesRead, ComputesWrite, ComputesDelete, ComputesStart, ComputesStop, ComputesRestart, ComputesApplicationAccess,
        JobsRead, JobsWrite, JobsDelete,
        ClustersRead, ClustersWrite, ClustersDelete,
        FilesRead, FilesWrite,
        MembersRead, MembersWrite,
        QuotasRead, QuotasWrite,
        AuditRead,
    ];
}
