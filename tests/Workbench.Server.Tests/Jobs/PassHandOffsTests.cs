using Workbench.Domain.Jobs;
using Workbench.Server.Jobs;

namespace Workbench.Server.Tests.Jobs;

/// <summary>What a pass notes for the launches after it: the compute it saw and the jobs each hand-over waits for, taken once.</summary>
public sealed class PassHandOffsTests
{
    private static readonly JobTargetView Box = new(TargetKind.Instance, Guid.NewGuid(), "box", "alice", "jupyter", 2, 0, 3.5, AcceptsJobs: true);

    [Fact]
    public void EachAssignedJob_GetsItsComputeAndTheHoldingAndAssignedJobsBelowIt()
    {
        var handOffs = new PassHandOffs();

        handOffs.Assigned(Box, holding: [3, 7], assigned: [9, 5, 8]);

        Assert.Equal([3], Before(handOffs, 5));
        Assert.Equal([3, 5, 7], Before(handOffs, 8));
        Assert.Equal([3, 5, 7, 8], Before(handOffs, 9));
    }

    [Fact]
    public void AHandOff_IsTakenOnce_AndAJobNoPassAssignedHasNone()
    {
        var handOffs = new PassHandOffs();
        handOffs.Assigned(Box, holding: [], assigned: [4]);

        Assert.Same(Box, handOffs.Take(4)?.Target);
        Assert.Null(handOffs.Take(4));
        Assert.Null(handOffs.Take(5));
    }

    private static long[] Before(PassHandOffs handOffs, long jobId) =>
        [.. handOffs.Take(jobId)?.Before ?? throw new InvalidOperationException($"Nothing was noted for job {jobId}.")];
}
