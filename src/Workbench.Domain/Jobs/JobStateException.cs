namespace Workbench.Domain.Jobs;

/// <summary>A job was asked to do something its state does not allow (cancel a finished job, say).</summary>
public sealed class JobStateException(string job, JobState state, string action)
    : DomainException("Illegal job state transition", $"Job '{job}' is {state}; it cannot {action} from that state.");
