namespace Workbench.Domain.Clusters;

/// <summary>Where a cluster node is in its life: made and starting, idle, running a job, or on its way out.</summary>
public enum NodeState
{
    Starting,
    Idle,
    Busy,
    Leaving,
}
