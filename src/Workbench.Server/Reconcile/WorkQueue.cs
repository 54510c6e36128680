namespace Workbench.Server.Reconcile;

/// <summary>
/// A queue of keys to reconcile, after client-go's workqueue: a key waits at most once, a key being
/// worked on is not handed out twice, and a key added while in flight comes back once it is done.
/// A key added wakes one idle taker straight on its own scheduler (a loop's thread): a SemaphoreSlim waited on with
/// a cancellation token went through the thread pool first, a thread hop more for every key.
/// </summary>
public sealed class WorkQueue<TKey>(TimeProvider time) where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _waiting = [];
    private readonly HashSet<TKey> _inFlight = [];
    private readonly HashSet<TKey> _dirty = [];
    private readonly Queue<TaskCompletionSource> _idle = new();

    public void Add(TKey key)
    {
        lock (_lock)
        {
            if (_inFlight.Contains(key))
            {
                _dirty.Add(key);
                return;
            }
            if (!_waiting.Add(key))
            {
                return;
            }
            _ready.Enqueue(key);
            // A taker canceled meanwhile (its loop stopping) takes nothing: the next one is woken instead.
            while (_idle.TryDequeue(out var taker) && !taker.TrySetResult())
            {
            }
        }
    }

    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        _ = AddLaterAsync(key, delay);
    }

    private async Task AddLaterAsync(TKey key, TimeSpan delay)
    {
        await Task.Delay(delay, time);
        Add(key);
    }

    /// <summary>Waits for a key and marks it in flight; hand it back with <see cref="Done"/>.</summary>
    public async Task<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TaskCompletionSource woken;
            lock (_lock)
            {
                if (_ready.TryDequeue(out var key))
                {
                    _waiting.Remove(key);
                    _inFlight.Add(key);
                    return key;
                }
                // Completed outside the caller's stack: the await resumes on the scheduler it began on, without a hop between.
                woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _idle.Enqueue(woken);
            }
            using (cancellationToken.Register(static taker => ((TaskCompletionSource)taker!).TrySetCanceled(), woken))
            {
                // Another taker may get the key first (one that was busy until then): this one waits again.
                await woken.Task;
            }
        }
    }

    public void Done(TKey key)
    {
        bool again;
        lock (_lock)
        {
            _inFlight.Remove(key);
            again = _dirty.Remove(key);
        }
        if (again)
        {
            Add(key);
        }
    }
}
