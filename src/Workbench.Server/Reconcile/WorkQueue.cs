namespace Workbench.Server.Reconcile;

/// <summary>
/// A queue of keys to reconcile, after client-go's workqueue: a key waits at most once, a key being
/// worked on is not handed out twice, and a key added while in flight comes back once it is done.
/// </summary>
public sealed class WorkQueue<TKey>(TimeProvider time) where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _waiting = [];
    private readonly HashSet<TKey> _inFlight = [];
    private readonly HashSet<TKey> _dirty = [];
    private readonly SemaphoreSlim _available = new(0);

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
        }
        _available.Release();
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
        await _available.WaitAsync(cancellationToken);
        lock (_lock)
        {
            var key = _ready.Dequeue();
            _waiting.Remove(key);
            _inFlight.Add(key);
            return key;
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
