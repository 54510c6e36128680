namespace Workbench.Domain.Clusters;

/// <summary>
/// How a cluster's nodes are bought, as Azure ML has it. Recorded and shown; the local driver runs both
/// the same way, and a Slurm cluster may map lowPriority to a preemptible QOS later.
/// </summary>
public enum ClusterTier
{
    Dedicated,
    LowPriority,
}
