using Workbench.Domain.Computes;

namespace Workbench.Domain.Tests;

public sealed class InstanceStateMachineTests
{
    // Every pair of states, with whether the move is legal: the table below is the specification.
    public static TheoryData<InstanceState, InstanceState, bool> AllPairs()
    {
        var legal = new HashSet<(InstanceState, InstanceState)>
        {
            (InstanceState.Creating, InstanceState.Starting), (InstanceState.Creating, InstanceState.Stopping),
            (InstanceState.Creating, InstanceState.Stopped), (InstanceState.Creating, InstanceState.Deleting),
            (InstanceState.Creating, InstanceState.Failed),
            (InstanceState.Starting, InstanceState.Running), (InstanceState.Starting, InstanceState.Stopping),
            (InstanceState.Starting, InstanceState.Deleting), (InstanceState.Starting, InstanceState.Failed),
            (InstanceState.Starting, InstanceState.Starting),
            (InstanceState.Running, InstanceState.Stopping), (InstanceState.Running, InstanceState.Restarting),
            (InstanceState.Running, InstanceState.Deleting), (InstanceState.Running, InstanceState.Starting),
            (InstanceState.Running, InstanceState.Failed),
            (InstanceState.Stopping, InstanceState.Stopped), (InstanceState.Stopping, InstanceState.Deleting),
            (InstanceState.Stopped, InstanceState.Starting), (InstanceState.Stopped, InstanceState.Deleting),
            (InstanceState.Restarting, InstanceState.Starting), (InstanceState.Restarting, InstanceState.Stopping),
            (InstanceState.Restarting, InstanceState.Deleting), (InstanceState.Restarting, InstanceState.Failed),
            (InstanceState.Failed, InstanceState.Starting), (InstanceState.Failed, InstanceState.Stopping),
            (InstanceState.Failed, InstanceState.Deleting),
        };
        var data = new TheoryData<InstanceState, InstanceState, bool>();
        foreach (var from in Enum.GetValues<InstanceState>())
        {
            foreach (var to in Enum.GetValues<InstanceState>())
            {
                data.Add(from, to, legal.Contains((from, to)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_EveryPair_MatchesTable(InstanceState from, InstanceState to, bool legal) =>
        Assert.Equal(legal, InstanceStateMachine.CanMove(from, to));

    [Fact]
    public void Deleting_HasNoWayOut() => Assert.Empty(InstanceStateMachine.MovesFrom(InstanceState.Deleting));
}
