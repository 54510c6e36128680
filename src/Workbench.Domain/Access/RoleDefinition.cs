namespace Workbench.Domain.Access;

/// <summary>
/// A named set of permissions, as an Azure role definition has them: the actions it grants, minus
/// its notActions. <see cref="OwnComputesOnly"/> narrows every compute and job action to the
/// caller's own (the Data Scientist: their instances and jobs, nobody else's).
/// </summary>
public sealed class RoleDefinition
{
    private RoleDefinition()
    {
    }

    public RoleDefinition(string name, string description, IEnumerable<string> actions, IEnumerable<string> notActions, bool ownComputesOnly, bool isBuiltIn)
    {
        Name = name;
        Description = description;
        Actions = [.. actions];
        NotActions = [.. notActions];
        OwnComputesOnly = ownComputesOnly;
        IsBuiltIn = isBuiltIn;
    }

    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public List<string> Actions { get; private set; } = [];
    public List<string> NotActions { get; private set; } = [];
    public bool OwnComputesOnly { get; private set; }
    public bool IsBuiltIn { get; private set; }

    private (ActionPattern[] Actions, ActionPattern[] NotActions)? _patterns;

    private (ActionPattern[] Actions, ActionPattern[] NotActions) Patterns =>
        _patterns ??= ([.. Actions.Select(ActionPattern.Of)], [.. NotActions.Select(ActionPattern.Of)]);

    /// <summary>Whether the role grants the action on a resource, given whether the caller owns it.</summary>
    public bool Allows(string action, bool callerOwnsTarget)
    {
        var (actions, notActions) = Patterns;
        var granted = actions.Any(a => a.Matches(action)) && !notActions.Any(n => n.Matches(action));
        return granted && (callerOwnsTarget || !OwnComputesOnly || !IsComputeOrJobAction(action));
    }

    private static bool IsComputeOrJobAction(string action) =>
        action.StartsWith("workspaces/computes/", StringComparison.OrdinalIgnoreCase)
        && !action.Equals(WorkbenchActions.ComputesRead, StringComparison.OrdinalIgnoreCase)
        || action.StartsWith("workspaces/jobs/", StringComparison.OrdinalIgnoreCase)
        && !action.Equals(WorkbenchActions.JobsRead, StringComparison.OrdinalIgnoreCase);
}
