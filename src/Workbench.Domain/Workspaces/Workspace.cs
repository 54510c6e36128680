namespace Workbench.Domain.Workspaces;

/// <summary>The tenant boundary: members with roles, a file share, quotas and computes.</summary>
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

    /// <summary>Whether a stopped instance gives its vCPUs back to the quota (and takes them again on start); by default it keeps them.</summary>
    public bool ReleaseQuotaOnStop { get; private set; }

    /// <summary>
    /// Bumped by every quota admission as its first statement, so that its transaction holds the
    /// workspace row's write lock and admissions in one workspace happen one after another.
    /// </summary>
    public long AdmissionVersion { get; private set; }

    public void ChangeReleaseQuotaOnStop(bool release) => ReleaseQuotaOnStop = release;
}
