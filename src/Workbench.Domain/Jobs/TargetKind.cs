namespace Workbench.Domain.Jobs;

/// <summary>The kind of compute a job runs on: an instance (slots in its sandbox) or a cluster (whole nodes).</summary>
public enum TargetKind
{
    Instance,
    Cluster,
}
