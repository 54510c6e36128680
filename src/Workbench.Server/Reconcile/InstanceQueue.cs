namespace Workbench.Server.Reconcile;

/// <summary>The instances waiting for their reconciler; the API adds to it after every change it stores.</summary>
public sealed class InstanceQueue(TimeProvider time)
{
    public WorkQueue<Guid> Queue { get; } = new(time);

    public void Enqueue(Guid instanceId) => Queue.Add(instanceId);
}
