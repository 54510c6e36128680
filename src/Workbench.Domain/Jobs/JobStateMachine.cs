namespace Workbench.Domain.Jobs;

/// <summary>The legal moves between job states, in one table.</summary>
public static class JobStateMachine
{
    private static readonly Dictionary<JobState, JobState[]> Moves = new()
    {
        // Starting → Queued: its instance stopped before the job was launched, so it waits again.
        [JobState.Queued] = [JobState.Starting, JobState.Canceled, JobState.Failed],
        [JobState.Starting] = [JobState.Running, JobState.Queued, JobState.Completed, JobState.Failed, JobState.Canceled],
        [JobState.Running] = [JobState.Completed, JobState.Failed, JobState.Canceled],
        [JobState.Completed] = [],
        [JobState.Failed] = [],
        [JobState.Canceled] = [],
    };

    public static bool CanMove(JobState from, JobState to) => Moves[from].Contains(to);

    public static bool IsFinal(JobState state) => Moves[state].Length == 0;
}
