namespace Workbench.Server.Reconcile;

/// <summary>What a reconcile asks of the queue: nothing more, or another look after a delay.</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done => new(null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
