namespace Workbench.Drivers.Slurm;

/// <summary>A Slurm job's state, as squeue names it (PENDING, RUNNING, COMPLETED, ...).</summary>
public enum SlurmJobState
{
    /// <summary>A state this version of Workbench does not know; taken as not yet ended.</summary>
    Other,
    Pending,
    Configuring,
    Running,
    Suspended,
    Requeued,
    Completing,
    Completed,
    Failed,
    Cancelled,
    Timeout,
    NodeFail,
    OutOfMemory,
    Preempted,
    BootFail,
    Deadline,
}

/// <summary>Reads Slurm's state names and says which states are final.</summary>
public static class SlurmJobStates
{
    private static readonly Dictionary<string, SlurmJobState> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PENDING"] = SlurmJobState.Pending,
        ["CONFIGURING"] = SlurmJobState.Configuring,
        ["RUNNING"] = SlurmJobState.Running,
        ["SUSPENDED"] = SlurmJobState.Suspended,
        ["REQUEUED"] = SlurmJobState.Requeued,
        ["COMPLETING"] = SlurmJobState.Completing,
        ["COMPLETED"] = SlurmJobState.Completed,
        ["FAILED"] = SlurmJobState.Failed,
        ["CANCELLED"] = SlurmJobState.Cancelled,
        ["TIMEOUT"] = SlurmJobState.Timeout,
        ["NODE_FAIL"] = SlurmJobState.NodeFail,
        ["OUT_OF_MEMORY"] = SlurmJobState.OutOfMemory,
        ["PREEMPTED"] = SlurmJobState.Preempted,
        ["BOOT_FAIL"] = SlurmJobState.BootFail,
        ["DEADLINE"] = SlurmJobState.Deadline,
    };

    /// <summary>"RUNNING", "CANCELLED by 0" and the like; anything unknown is <see cref="SlurmJobState.Other"/>.</summary>
    public static SlurmJobState Parse(string name) =>
        ByName.GetValueOrDefault(name.Split(' ', 2)[0].Trim(), SlurmJobState.Other);

    /// <summary>Slurm's own name of the state, such as "NODE_FAIL".</summary>
    public static string Name(this SlurmJobState state) =>
        ByName.FirstOrDefault(p => p.Value == state).Key ?? "UNKNOWN";

    /// <summary>Whether the job has ended for good: nothing of it runs or will run.</summary>
    public static bool IsFinished(this SlurmJobState state) =>
        state is SlurmJobState.Completed or SlurmJobState.Failed or SlurmJobState.Cancelled or SlurmJobState.Timeout
            or SlurmJobState.NodeFail or SlurmJobState.OutOfMemory or SlurmJobState.Preempted or SlurmJobState.BootFail
            or SlurmJobState.Deadline;
}
