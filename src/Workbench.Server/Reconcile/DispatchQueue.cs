using Workbench.Server.Jobs;

namespace Workbench.Server.Reconcile;

/// <summary>
/// The computes whose queue needs a pass: after a submit, when a job ends, when an instance starts
/// running. A compute waits here at most once, however many events asked for it.
/// </summary>
public sealed class DispatchQueue(TimeProvider time)
{
    public WorkQueue<TargetKey> Queue { get; } = new(time);

    public void Enqueue(TargetKey target) => Queue.Add(target);
}
