namespace Workbench.Domain.Computes;

/// <summary>The legal moves between instance states, in one table.</summary>
public static class InstanceStateMachine
{
    private static readonly Dictionary<InstanceState, InstanceState[]> Moves = new()
    {
        // Asked by users: start, stop, restart, delete. Observed by reconcilers: the rest.
        [InstanceState.Creating] = [InstanceState.Starting, InstanceState.Stopping, InstanceState.Stopped, InstanceState.Deleting, InstanceState.Failed],
        [InstanceState.Starting] = [InstanceState.Running, InstanceState.Stopping, InstanceState.Deleting, InstanceState.Failed, InstanceState.Starting],
        [InstanceState.Running] = [InstanceState.Stopping, InstanceState.Restarting, InstanceState.Deleting, InstanceState.Starting, InstanceState.Failed],
        [InstanceState.Stopping] = [InstanceState.Stopped, InstanceState.Deleting],
        [InstanceState.Stopped] = [InstanceState.Starting, InstanceState.Deleting],
        [InstanceState.Restarting] = [InstanceState.Starting, InstanceState.Stopping, InstanceState.Deleting, InstanceState.Failed],
        [InstanceState.Deleting] = [],
        [InstanceState.Failed] = [InstanceState.Starting, InstanceState.Stopping, InstanceState.Deleting],
    };

    public static bool CanMove(InstanceState from, InstanceState to) => Moves[from].Contains(to);

    public static IReadOnlyList<InstanceState> MovesFrom(InstanceState from) => Moves[from];
}
