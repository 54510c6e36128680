using Workbench.Domain.Jobs;

namespace Workbench.Domain.Tests.Jobs;

public sealed class BackfillPolicyTests
{
    private static SlotClaim[] Claims(params (long Order, int Slots)[] claims) => [.. claims.Select(c => new SlotClaim(c.Order, c.Slots))];

    private static long[] Started(int capacity, SlotClaim[] holding, SlotClaim[] queued) =>
        [.. BackfillPolicy.Decide(capacity, holding, queued).Start.Select(c => c.Order)];

    [Fact]
    public void Decide_FreeSlots_StartsInSubmitOrderWhileTheyFit()
    {
        Assert.Equal([1, 2], Started(2, [], Claims((1, 1), (2, 1), (3, 1))));
        Assert.Equal([3], Started(2, Claims((1, 1)), Claims((3, 1), (4, 1))));
        Assert.Empty(Started(2, Claims((1, 1), (2, 1)), Claims((3, 1))));
    }

    [Fact]
    public void Decide_BlockedHead_BackfillsOnlySlotsTheHeadWillNeverNeed()
    {
        // 4 slots, one running job of 1; the head needs 4, so everything behind it waits: any slot taken would delay it.
        Assert.Empty(Started(4, Claims((1, 1)), Claims((2, 4), (3, 1))));
        // The head needs 3 of 4: one slot is never the head's, so one small job may use it (the job of 2
        // running from before the head does not count against that slot: it ends before the head starts).
        Assert.Equal([3], Started(4, Claims((1, 2)), Claims((2, 3), (3, 1), (4, 1))));
        // That slot is taken already by a job that started after the head was queued: nothing more.
        Assert.Empty(Started(4, Claims((1, 2), (5, 1)), Claims((2, 3), (6, 1))));
    }

    [Fact]
    public void Decide_HeadNeverWaitsForABackfilledJob()
    {
        // Simulate: whatever backfilled, once the jobs ahead of the head end, the head fits.
        var random = new Random(7);
        for (var round = 0; round < 2000; round++)
        {
            var capacity = random.Next(1, 9);
            var holding = Enumerable.Range(0, random.Next(0, 4)).Select(i => new SlotClaim(i, random.Next(1, capacity + 1))).ToList();
            while (holding.Sum(h => h.Slots) > capacity)
            {
                holding.RemoveAt(0);
            }
            var queued = Enumerable.Range(10, random.Next(1, 8)).Select(i => new SlotClaim(i, random.Next(1, capacity + 1))).ToArray();
            var decision = BackfillPolicy.Decide(capacity, holding, queued);
            var head = queued.FirstOrDefault(q => !decision.Start.Contains(q));
            if (head == default)
            {
                continue;
            }
            var behindHead = holding.Concat(decision.Start).Where(c => c.Order > head.Order).Sum(c => c.Slots);
            Assert.True(capacity - behindHead >= head.Slots, $"round {round}: the head ({head.Slots} of {capacity}) would wait for backfilled jobs holding {behindHead}");
            Assert.True(holding.Concat(decision.Start).Sum(c => c.Slots) <= capacity, $"round {round}: more slots handed out than the compute has");
        }
    }

    [Fact]
    public void Decide_Ahead_HandsUpToAheadMoreInSubmitOrder_BackfillsOnlyWithinTheRealSlots()
    {
        // 2 slots and 2 ahead: four jobs of one are handed, the compute holding two of them waiting.
        Assert.Equal([1, 2, 3, 4], [.. BackfillPolicy.Decide(2, [], Claims((1, 1), (2, 1), (3, 1), (4, 1), (5, 1)), ahead: 2).Start.Select(c => c.Order)]);
        Assert.Equal([5], [.. BackfillPolicy.Decide(2, Claims((1, 1), (2, 1), (3, 1)), Claims((5, 1), (6, 1)), ahead: 2).Start.Select(c => c.Order)]);
        // 4 slots and 4 ahead, 6 held: the head needs all 4 and waits; the job of one behind it would take a slot the
        // head needs (counted against the 4 real slots, not the 8 it may be handed), so it waits too.
        Assert.Empty(BackfillPolicy.Decide(4, Claims((1, 3), (2, 3)), Claims((3, 4), (4, 1)), ahead: 4).Start);
        // Larger than the compute: never fits, however many may wait ahead.
        Assert.Equal([9], [.. BackfillPolicy.Decide(2, [], Claims((9, 3)), ahead: 2).NeverFit.Select(c => c.Order)]);
    }

    [Fact]
    public void Decide_JobLargerThanTheCompute_NeverFitsAndBlocksNothing()
    {
        var decision = BackfillPolicy.Decide(2, [], Claims((1, 3), (2, 1)));
        Assert.Equal([1L], decision.NeverFit.Select(c => c.Order));
        Assert.Equal([2L], decision.Start.Select(c => c.Order));
    }
}
