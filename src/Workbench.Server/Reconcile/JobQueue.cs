namespace Workbench.Server.Reconcile;

/// <summary>The jobs waiting for their reconciler: after their slots are assigned, when their processes end, at their deadline.</summary>
public sealed class JobQueue(TimeProvider time)
{
    public WorkQueue<long> Queue { get; } = new(time);

    public void Enqueue(long jobId) => Queue.Add(jobId);
}
