using Workbench.Server.Clusters;

namespace Workbench.Server.Tests.Clusters;

/// <summary>Where a Slurm cluster's jobs go: never more working nodes than maxNodes, the next jobs ready behind them.</summary>
public sealed class SlurmLanesTests
{
    private const int JobsAhead = 2;
    private const int PerLane = JobsAhead + 1;

    [Fact]
    public void OneNodeJobs_FillEveryLaneFirst_ThenWaitBehindUpToTheDepth_ThenNone()
    {
        var lanes = new SlurmLanes(3, []);
        var placed = new List<SlurmLanePlace>();
        while (lanes.Find(1, JobsAhead) is { } place)
        {
            lanes.Take(place, 1);
            placed.Add(place);
        }

        Assert.Equal(3 * PerLane, placed.Count);
        Assert.Equal([new(0, 1), new(1, 1), new(2, 1)], placed.Take(3));
        Assert.All(placed.Skip(3), p => Assert.Equal(0, p.Widens));
        Assert.All(placed.GroupBy(p => p.Lane), lane => Assert.Equal(PerLane, lane.Count()));
        Assert.Equal(3, lanes.Working);
    }

    [Fact]
    public void JobsAlreadyInSlurm_CountWhereTheyAre()
    {
        var lanes = new SlurmLanes(2, [(0, 1), (0, 1), (1, 1)]);

        Assert.Equal(2, lanes.Working);
        Assert.Equal(new SlurmLanePlace(1, 0), lanes.Find(1, JobsAhead));
    }

    [Fact]
    public void ManyNodeJob_TakesEmptyLanesSideBySide_AndHoldsThemAlone()
    {
        var lanes = new SlurmLanes(4, [(0, 1)]);

        Assert.Equal(new SlurmLanePlace(1, 2), lanes.Find(2, JobsAhead));
        lanes.Take(new SlurmLanePlace(1, 2), 2);
        Assert.Equal(3, lanes.Working);
        // Only lane 0 (behind its job) and lane 3 take more; the two-node job's lanes take none.
        var next = new List<int>();
        while (lanes.Find(1, JobsAhead) is { } place)
        {
            lanes.Take(place, 1);
            next.Add(place.Lane);
        }
        Assert.DoesNotContain(1, next);
        Assert.DoesNotContain(2, next);
        Assert.Null(lanes.Find(2, JobsAhead));
    }

    [Fact]
    public void ManyNodeJob_WaitsWhileTooFewLanesAreEmpty()
    {
        Assert.Null(new SlurmLanes(3, [(1, 1)]).Find(2, JobsAhead));
        Assert.Equal(new SlurmLanePlace(0, 2), new SlurmLanes(3, [(2, 1)]).Find(2, JobsAhead));
        Assert.Null(new SlurmLanes(3, []).Find(4, JobsAhead));
    }

    [Fact]
    public void WithoutQuotaForAnotherNode_AJobGoesOnlyBehindAnother()
    {
        var lanes = new SlurmLanes(3, [(2, 1)]);

        Assert.Equal(new SlurmLanePlace(2, 0), lanes.Find(1, JobsAhead, mayWiden: false));
        Assert.Null(new SlurmLanes(3, []).Find(1, JobsAhead, mayWiden: false));
        Assert.Null(lanes.Find(2, JobsAhead, mayWiden: false));
    }

    [Fact]
    public void JobsOutsideTheLanes_CountAsWorkingNodes_SoNothingNewWidensPastMaxNodes()
    {
        // maxNodes lowered from 4 to 2 while jobs ran in lanes 2 and 3; and one job from before lanes (no lane).
        var lanes = new SlurmLanes(2, [(2, 1), (3, 1)]);
        Assert.Equal(2, lanes.Working);
        Assert.Null(lanes.Find(1, JobsAhead));

        var withOld = new SlurmLanes(2, [(null, 1), (0, 1)]);
        Assert.Equal(2, withOld.Working);
        Assert.Equal(new SlurmLanePlace(0, 0), withOld.Find(1, JobsAhead));
    }

    [Fact]
    public void RandomPlacements_NeverMoreWorkingNodesThanMaxNodes_NorMoreJobsInALaneThanItsDepth_AndRoomSaysHowManyFit()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var maxNodes = random.Next(1, 9);
            var jobsAhead = random.Next(0, 5);
            var inSlurm = new List<(int? Lane, int Nodes)>();
            for (var step = 0; step < 40; step++)
            {
                var lanes = new SlurmLanes(maxNodes, inSlurm);
                Assert.Equal(OneNodeJobsThatFit(new SlurmLanes(maxNodes, inSlurm), jobsAhead), lanes.Room(jobsAhead));
                if (random.Next(3) == 0 && inSlurm.Count > 0)
                {
                    inSlurm.RemoveAt(random.Next(inSlurm.Count));
                    continue;
                }
                var nodes = random.Next(4) == 0 ? random.Next(2, maxNodes + 2) : 1;
                if (lanes.Find(nodes, jobsAhead, mayWiden: random.Next(4) > 0) is { } place)
                {
                    inSlurm.Add((place.Lane, nodes));
                }
                var working = Enumerable.Range(0, maxNodes).Count(l => inSlurm.Any(j => j.Lane <= l && l < j.Lane + j.Nodes));
                Assert.True(working <= maxNodes, $"{working} lanes work, maxNodes {maxNodes}");
                Assert.Equal(working, new SlurmLanes(maxNodes, inSlurm).Working);
                Assert.All(inSlurm.Where(j => j.Nodes > 1), big => Assert.Single(inSlurm, j => j.Lane < big.Lane + big.Nodes && big.Lane < j.Lane + j.Nodes));
                Assert.All(inSlurm.GroupBy(j => j.Lane), lane => Assert.True(lane.Count() <= jobsAhead + 1));
            }
        }
    }

    private static int OneNodeJobsThatFit(SlurmLanes lanes, int jobsAhead)
    {
        var placed = 0;
        while (lanes.Find(1, jobsAhead) is { } place)
        {
            lanes.Take(place, 1);
            placed++;
        }
        return placed;
    }
}
