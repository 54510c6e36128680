namespace Workbench.Drivers;

/// <summary>What a driver sees of a job's processes.</summary>
public abstract record JobObservation
{
    private JobObservation()
    {
    }

    /// <summary>No trace of a launch: it never started (or its start never got past its launcher's lock).</summary>
    public sealed record NotStarted : JobObservation;

    /// <summary>Handed to a scheduler (Slurm, an instance's job agent) that has not started it yet; the reason says what it waits for.</summary>
    public sealed record Waiting(string Reason) : JobObservation
    {
        /// <summary>The reason of a job its compute holds until one of its slots frees (an instance's job agent).</summary>
        public const string ForFreeSlot = "Waiting for a free slot on the instance.";

        /// <summary>
        /// Whether the driver's <see cref="IJobDriver.WaitForEndAsync"/> completes as the job starts, too, or a moment after
        /// (an instance's job agent holding it): then its watch says when to look again. Else (a scheduler's queue) it is looked at again shortly.
        /// </summary>
        public bool StartEndsWait { get; init; }
    }

    /// <summary>The system behind the driver did not answer: nothing is known of the job now, and a later look will tell.</summary>
    public sealed record Unknown(string Error) : JobObservation;

    /// <summary>
    /// Its processes run; the start time is its launcher's own. Hosts: where a scheduler placed it (Slurm's
    /// node list, "node[1-2]"); null where it runs on its compute itself.
    /// </summary>
    public sealed record Running(DateTimeOffset StartedAt, string? Hosts = null) : JobObservation
    {
        /// <summary>
        /// How long a job just started may run before it is shown Running: the look that would store it so waits that
        /// long for its end first (the reconcile after its launch, the wait on a job its compute held), so a short one
        /// is stored once, started and ended.
        /// </summary>
        public static readonly TimeSpan ShownAfter = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>
    /// It started and its processes are gone. The exit code is null when it left none (killed with its
    /// launcher); the launcher's log says what went wrong around the command, empty when nothing did.
    /// </summary>
    public sealed record Exited(int? ExitCode, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string LauncherLog) : JobObservation;
}
