using System.Collections.Concurrent;
using Workbench.Server.Jobs;

namespace Workbench.Server.Reconcile;

/// <summary>
/// The computes whose queue needs a pass: after a submit, when a job ends, when an instance starts
/// running. A compute waits here at most once, however many events asked for it. One whose last pass left
/// it holding jobs enough to fill its slots again gets its next pass only once a quiet spell is over
/// (<see cref="QuietFor"/>): the ends that come meanwhile share that pass, and its store transaction, instead
/// of a pass each, while the compute starts the jobs it holds.
/// </summary>
public sealed class DispatchQueue(TimeProvider time)
{
    // When each quiet compute's spell ends (a timestamp), and those whose pass waits for that end.
    private readonly ConcurrentDictionary<TargetKey, long> _quietUntil = new();
    private readonly ConcurrentDictionary<TargetKey, bool> _deferred = new();

    public WorkQueue<TargetKey> Queue { get; } = new(time);

    public void Enqueue(TargetKey target)
    {
        var left = _quietUntil.TryGetValue(target, out var until) ? -time.GetElapsedTime(until) : TimeSpan.Zero;
        if (left <= TimeSpan.Zero)
        {
            Queue.Add(target);
        }
        else if (_deferred.TryAdd(target, true))
        {
            _ = EnqueueAfterAsync(target, left);
        }
    }

    private async Task EnqueueAfterAsync(TargetKey target, TimeSpan left)
    {
        await Task.Delay(left, time);
        _deferred.TryRemove(target, out _);
        Queue.Add(target);
    }

    /// <summary>Passes asked for within <paramref name="spell"/> from now wait for its end; a zero spell ends the compute's quiet.</summary>
    public void QuietFor(TargetKey target, TimeSpan spell)
    {
        if (spell <= TimeSpan.Zero)
        {
            _quietUntil.TryRemove(target, out _);
            return;
        }
        _quietUntil[target] = time.GetTimestamp() + (long)(spell.TotalSeconds * time.TimestampFrequency);
    }
}
