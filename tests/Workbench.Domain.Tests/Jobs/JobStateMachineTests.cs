using Workbench.Domain.Jobs;

namespace Workbench.Domain.Tests.Jobs;

public sealed class JobStateMachineTests
{
    // Every pair of states, with whether the move is legal: the table below is the specification.
    public static TheoryData<JobState, JobState, bool> AllPairs()
    {
        var legal = new HashSet<(JobState, JobState)>
        {
            (JobState.Queued, JobState.Starting), (JobState.Queued, JobState.Canceled), (JobState.Queued, JobState.Failed),
            (JobState.Starting, JobState.Running), (JobState.Starting, JobState.Queued), (JobState.Starting, JobState.Completed),
            (JobState.Starting, JobState.Failed), (JobState.Starting, JobState.Canceled),
            (JobState.Running, JobState.Completed), (JobState.Running, JobState.Failed), (JobState.Running, JobState.Canceled),
        };
        var data = new TheoryData<JobState, JobState, bool>();
        foreach (var from in Enum.GetValues<JobState>())
        {
            foreach (var to in Enum.GetValues<JobState>())
            {
                data.Add(from, to, legal.Contains((from, to)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_MatchesTheTable(JobState from, JobState to, bool legal) => Assert.Equal(legal, JobStateMachine.CanMove(from, to));

    [Theory]
    [InlineData(JobState.Completed, true)]
    [InlineData(JobState.Failed, true)]
    [InlineData(JobState.Canceled, true)]
    [InlineData(JobState.Queued, false)]
    [InlineData(JobState.Running, false)]
    public void IsFinal_OnlyForEndedStates(JobState state, bool final) => Assert.Equal(final, JobStateMachine.IsFinal(state));
}
