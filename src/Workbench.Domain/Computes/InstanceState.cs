namespace Workbench.Domain.Computes;

/// <summary>What an instance is observed to be doing.</summary>
public enum InstanceState
{
    Creating,
    Starting,
    Running,
    Stopping,
    Stopped,
    Restarting,
    Deleting,
    Failed,
}
