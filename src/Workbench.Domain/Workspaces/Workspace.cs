namespace Workbench.Domain.Workspaces;

/// <summary>The tenant boundary: computes, a file share and (later) members and quotas.</summary>
public sealed class Workspace
{
    public const string DefaultName = "default";

    private Workspace()
    {
    }

    public Workspace(string name, DateTimeOffset now)
    {
        Name = name;
        CreatedAt = now;
    }

    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}
