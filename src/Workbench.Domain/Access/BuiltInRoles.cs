namespace Workbench.Domain.Access;

/// <summary>The roles every installation has, modelled on Azure ML's built-in roles.</summary>
public static class BuiltInRoles
{
    public const string Owner = "Owner";
    public const string Contributor = "Contributor";
    public const string Reader = "Reader";
    public const string DataScientist = "Data Scientist";
    public const string ComputeOperator = "Compute Operator";

    public static IReadOnlyList<RoleDefinition> All { get; } =
    [
        new(Owner, "Everything, including members and quotas.", ["*"], [], ownComputesOnly: false, isBuiltIn: true),
        new(Contributor, "Everything but members and quotas.", ["*"],
            [WorkbenchActions.MembersWrite, WorkbenchActions.QuotasWrite, WorkbenchActions.WorkspacesDelete], ownComputesOnly: false, isBuiltIn: true),
        new(Reader, "Reads everything; changes nothing.", ["*/read"], [], ownComputesOnly: false, isBuiltIn: true),
        new(DataScientist, "Creates and uses their own instances and jobs and the file share; no cluster or member changes.",
            [
                WorkbenchActions.WorkspacesRead, "workspaces/computes/*", "workspaces/jobs/*", "workspaces/files/*",
                WorkbenchActions.ClustersRead, WorkbenchActions.MembersRead, WorkbenchActions.QuotasRead,
            ],
            [], ownComputesOnly: true, isBuiltIn: true),
        new(ComputeOperator, "Starts, stops and restarts any instance; no app access.",
            [
                WorkbenchActions.WorkspacesRead, WorkbenchActions.ComputesRead, WorkbenchActions.ComputesStart, WorkbenchActions.ComputesStop,
                WorkbenchActions.ComputesRestart, WorkbenchActions.ClustersRead, WorkbenchActions.JobsRead,
            ],
            [], ownComputesOnly: false, isBuiltIn: true),
    ];

    public static RoleDefinition? Find(string name) => All.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
