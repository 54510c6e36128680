namespace Workbench.Domain.Computes;

/// <summary>An instance was asked to do something its current state does not allow.</summary>
public sealed class IllegalTransitionException(string instance, InstanceState from, string action)
    : DomainException(
        "Illegal state transition",
        $"Instance '{instance}' is {from}; it cannot {action} from that state.")
{
    public InstanceState From { get; } = from;
}
