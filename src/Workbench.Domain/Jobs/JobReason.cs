namespace Workbench.Domain.Jobs;

/// <summary>
/// Why a job ended other than by exiting 0. Set while it still runs when Workbench decides to end it
/// (a cancel, its timeout, its instance stopping), so a restarted server finishes what it began.
/// </summary>
public enum JobReason
{
    /// <summary>Its command exited with a non-zero code.</summary>
    ExitCode,

    /// <summary>Its user canceled it.</summary>
    Canceled,

    /// <summary>It ran past its timeout and was killed.</summary>
    Timeout,

    /// <summary>Its instance stopped, restarted or was deleted while it ran.</summary>
    InstanceStopped,

    /// <summary>Its processes vanished without leaving an exit code.</summary>
    Lost,

    /// <summary>It needs more slots than its compute has.</summary>
    DoesNotFit,

    /// <summary>Its compute's driver could not launch it.</summary>
    LaunchFailed,
}
