namespace Workbench.Domain.Quotas;

/// <summary>A workspace's vCPU limit for one VM family, or for all of them together (<see cref="Total"/>).</summary>
public sealed class WorkspaceQuota
{
    /// <summary>The family name that stands for the workspace's limit across all families.</summary>
    public const string Total = "total";

    private WorkspaceQuota()
    {
    }

    public WorkspaceQuota(string workspace, string family, int vCpus)
    {
        Workspace = workspace;
        Family = family;
        VCpus = vCpus;
    }

    public string Workspace { get; private set; } = "";
    public string Family { get; private set; } = "";
    public int VCpus { get; private set; }

    public void Change(int vCpus) => VCpus = vCpus;
}
