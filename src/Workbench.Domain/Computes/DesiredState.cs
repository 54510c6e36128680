namespace Workbench.Domain.Computes;

/// <summary>What the user asked an instance to be; reconcilers drive the state towards it.</summary>
public enum DesiredState
{
    Running,
    Stopped,
    Deleted,
}
