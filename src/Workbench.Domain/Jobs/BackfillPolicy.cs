namespace Workbench.Domain.Jobs;

/// <summary>A job's claim on slots: its place in submit order and how many slots it takes.</summary>
public readonly record struct SlotClaim(long Order, int Slots);

/// <summary>What one pass of the queue decided: the queued jobs to start now, and those that can never fit.</summary>
public sealed record BackfillDecision(IReadOnlyList<SlotClaim> Start, IReadOnlyList<SlotClaim> NeverFit);

/// <summary>
/// The queue policy of a compute: first in, first out, with backfill that never delays the head.
/// Jobs start in submit order while they fit in the free slots. The first job that does not fit is
/// the head: it waits for slots to free up, and a later job may start before it only into slots the
/// head will never need, that is, only while the slots held by jobs that started after the head
/// (already running, or started in this pass) stay within capacity − the head's slots. So as soon
/// as the jobs submitted before the head end, the head has its slots, whatever backfilled meanwhile:
/// it never waits for a job behind it and cannot starve. Nothing is known of how long a job runs, so
/// this is conservative (EASY backfill without runtime estimates): a small job behind a blocked head
/// waits where runtime estimates would sometimes let it through.
/// A compute that holds jobs waiting itself (an instance's job agent, which starts them in submit order as its
/// slots free) may be handed more than its slots: up to <c>ahead</c> more, in the same order. Jobs behind a head
/// still take only slots the head will never need, counted against the compute's real slots.
/// </summary>
public static class BackfillPolicy
{
    /// <param name="capacity">The compute's slots.</param>
    /// <param name="holding">The jobs holding slots now (starting or running).</param>
    /// <param name="queued">Queued jobs in submit order (a window of the oldest is enough).</param>
    /// <param name="ahead">Slots' worth of jobs the compute holds waiting beyond its slots.</param>
    public static BackfillDecision Decide(int capacity, IReadOnlyCollection<SlotClaim> holding, IReadOnlyList<SlotClaim> queued, int ahead = 0)
    {
        var free = capacity + ahead - holding.Sum(h => h.Slots);
        var start = new List<SlotClaim>();
        var neverFit = new List<SlotClaim>();
        SlotClaim? head = null;
        var behindHead = 0;
        foreach (var job in queued)
        {
            if (job.Slots > capacity)
            {
                neverFit.Add(job);
                continue;
            }
            if (head is null)
            {
                if (job.Slots <= free)
                {
                    start.Add(job);
                    free -= job.Slots;
                    continue;
                }
                head = job;
                behindHead = holding.Where(h => h.Order > job.Order).Sum(h => h.Slots);
                continue;
            }
            if (job.Slots <= free && behindHead + job.Slots <= capacity - head.Value.Slots)
            {
                start.Add(job);
                free -= job.Slots;
                behindHead += job.Slots;
            }
        }
        return new BackfillDecision(start, neverFit);
    }
}
