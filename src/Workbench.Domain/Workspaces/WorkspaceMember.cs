namespace Workbench.Domain.Workspaces;

/// <summary>A user's membership of a workspace: one role each (a new assignment replaces the old one).</summary>
public sealed class WorkspaceMember
{
    private WorkspaceMember()
    {
    }

    public WorkspaceMember(string workspace, string userName, string role, DateTimeOffset now)
    {
        Workspace = workspace;
        UserName = userName;
        Role = role;
        AssignedAt = now;
    }

    public string Workspace { get; private set; } = "";
    public string UserName { get; private set; } = "";

    /// <summary>The name of a built-in or custom role.</summary>
    public string Role { get; private set; } = "";

    public DateTimeOffset AssignedAt { get; private set; }

    public void Assign(string role, DateTimeOffset now)
    {
        Role = role;
        AssignedAt = now;
    }
}
