using Workbench.Domain.Clusters;

namespace Workbench.Domain.Tests.Clusters;

/// <summary>A node's life: starting, idle, busy with one job, idle again, leaving; and the moves it refuses.</summary>
public sealed class ClusterNodeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 18, 0, 0, TimeSpan.Zero);

    private static Cluster NewCluster() =>
        new("default", "cpu-cluster", "Standard_DS1_v2", ClusterDriver.Local, null, new ClusterScale(0, 2, 60, ClusterTier.Dedicated), "admin", Now);

    [Fact]
    public void Node_StartsTakesAJobFreesAndLeaves_IdleTimeCountsFromItsLastJob()
    {
        var node = new ClusterNode(NewCluster(), Now);
        Assert.StartsWith("cpu-cluster-", node.Name);

        node.Started("{}", Now.AddSeconds(1));
        node.Take(7, Now.AddSeconds(2));
        Assert.Equal((NodeState.Busy, 7L), (node.State, node.JobId!.Value));
        Assert.False(node.IdleLongerThan(TimeSpan.Zero, Now.AddHours(1)));
        node.Free(Now.AddSeconds(10));

        Assert.False(node.IdleLongerThan(TimeSpan.FromSeconds(60), Now.AddSeconds(69)));
        Assert.True(node.IdleLongerThan(TimeSpan.FromSeconds(60), Now.AddSeconds(70)));
        node.Leave(Now.AddSeconds(70));
        Assert.Equal((NodeState.Leaving, (long?)null), (node.State, node.JobId));
    }

    [Fact]
    public void Node_Busy_CannotLeaveOrTakeAnother_ButCanBeLost()
    {
        var node = new ClusterNode(NewCluster(), Now);
        Assert.Throws<InvalidOperationException>(() => node.Take(1, Now));
        node.Started("{}", Now);
        node.Take(1, Now);

        Assert.Throws<InvalidOperationException>(() => node.Take(2, Now));
        Assert.Throws<InvalidOperationException>(() => node.Leave(Now));
        node.Lost(Now);
        Assert.Equal(NodeState.Leaving, node.State);
    }

    [Theory]
    [InlineData(-1, 2, 60, "minNodes")]
    [InlineData(3, 2, 60, "minNodes")]
    [InlineData(0, 0, 60, "maxNodes")]
    [InlineData(0, 101, 60, "maxNodes")]
    [InlineData(0, 2, -1, "idleSecondsBeforeScaleDown")]
    public void Scale_OutOfRange_NamesTheField(int min, int max, int idle, string field)
    {
        var errors = new ClusterScale(min, max, idle, ClusterTier.Dedicated).Errors().ToList();

        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void Cluster_BeingDeleted_CannotBeRescaled()
    {
        var cluster = NewCluster();
        cluster.Delete(Now);

        Assert.Throws<DomainException>(() => cluster.Rescale(new ClusterScale(0, 1, 0, ClusterTier.LowPriority), Now));
    }
}
