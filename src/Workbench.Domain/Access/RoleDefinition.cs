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

    /// <summary>A custom role from what a user wrote, or the errors by field ("actions[2]") when it is not one.</summary>
    public static (RoleDefinition? Role, Dictionary<string, string[]> Errors) Custom(
        string? name, string? description, IReadOnlyList<string?>? actions, IReadOnlyList<string?>? notActions, bool ownComputesOnly)
    {
        var errors = new Dictionary<string, string[]>();
        if (RoleName.Validate(name) is { } badName)
        {
            errors["name"] = [badName];
        }
        if (actions is not { Count: > 0 })
        {
            errors["actions"] = ["A role needs at least one action."];
        }
        CheckPatterns("actions", actions ?? [], errors);
        CheckPatterns("notActions", notActions ?? [], errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new RoleDefinition(name!, description?.Trim() ?? "", actions!.Select(a => a!), (notActions ?? []).Select(a => a!), ownComputesOnly, isBuiltIn: false), errors);
    }

    private static void CheckPatterns(string field, IReadOnlyList<string?> patterns, Dictionary<string, string[]> errors)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (ActionPattern.Parse(patterns[i]).Error is { } error)
            {
                errors[$"{field}[{i}]"] = [error];
            }
        }
    }

    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public List<string> Actions { get; private set; } = [];
    public List<string> NotActions { get; private set; } = [];
    public bool OwnComputesOnly { get; private set; }
    public bool IsBuiltIn { get; private set; }

    /// <summary>Takes another definition's permissions (a custom role written again); the name stays.</summary>
    public void Redefine(RoleDefinition other)
    {
        Description = other.Description;
        Actions = [.. other.Actions];
        NotActions = [.. other.NotActions];
        OwnComputesOnly = other.OwnComputesOnly;
        _patterns = null;
    }

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
