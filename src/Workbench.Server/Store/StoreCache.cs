using System.Collections.Concurrent;

namespace Workbench.Server.Store;

/// <summary>
/// Answers read on every request (who a token belongs to, a caller's role, where an app lives) kept in
/// memory for a short time. This server's own writes drop what they change the moment they are
/// committed (<see cref="StoreCacheInvalidation"/>), so here a change applies at once; a write made by
/// another replica applies when the entry expires. Only found answers are kept, so a caller cannot fill
/// memory with names that do not exist.
/// </summary>
public sealed class StoreCache<TKey, TValue>(TimeProvider time, TimeSpan timeToLive)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Entry> entries = new();

    // Bumped by every invalidation. A load that overlapped one may have read what was just changed, so
    // it answers its caller but is not kept: nothing read before a commit outlives that commit.
    private long generation;

    public async Task<TValue?> GetOrLoadAsync<TState>(TKey key, TState state, Func<TKey, TState, CancellationToken, Task<TValue?>> load, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            return entry.Value;
        }
        var before = Interlocked.Read(ref generation);
        var value = await load(key, state, ct);
        if (value is null)
        {
            entries.TryRemove(key, out _);
            return null;
        }
        entries[key] = new Entry(value, now + timeToLive);
        if (Interlocked.Read(ref generation) != before)
        {
            // Invalidated meanwhile: what was just stored may be older than the change. Stored first and
            // checked after, so an invalidation landing between the two still removes it.
            entries.TryRemove(key, out _);
        }
        return value;
    }

    public void Invalidate(TKey key)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(key, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private sealed record Entry(TValue Value, DateTimeOffset ExpiresAt);
}
