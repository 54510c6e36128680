using Workbench.Domain.Access;

namespace Workbench.Server.Access;

/// <summary>
/// What <see cref="AccessFilter"/> found for this request: the caller's role in the route's workspace
/// and the action it granted. Handlers ask it the ownership question the filter cannot answer: whether
/// the role grants that action on a resource someone else owns.
/// </summary>
public sealed class CallerAccess
{
    public string UserName { get; private set; } = "";
    public string Workspace { get; private set; } = "";
    public string Action { get; private set; } = "";
    public RoleDefinition Role { get; private set; } = BuiltInRoles.All[0];

    internal void Grant(string userName, string workspace, string action, RoleDefinition role)
    {
        UserName = userName;
        Workspace = workspace;
        Action = action;
        Role = role;
    }

    /// <summary>Whether the endpoint's action is granted on a resource owned by <paramref name="owner"/>.</summary>
    public bool AllowsOn(string owner) => Role.Allows(Action, callerOwnsTarget: owner == UserName);

    /// <summary>Why the caller may not do the endpoint's action on <paramref name="what"/>, which <paramref name="owner"/> owns.</summary>
    public string RefusalOn(string what, string owner) =>
        $"Your role '{Role.Name}' in workspace '{Workspace}' grants '{Action}' only on your own computes and jobs; {what} belongs to {owner}.";
}
