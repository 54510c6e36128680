namespace Workbench.Drivers.Slurm;

/// <summary>
/// What Slurm says of one job. ExitCode and Signal are set once the job has ended ("3:0" is exit
/// code 3; "0:15" is killed by signal 15, as a cancel does). Nodes are the allocated node names,
/// empty while it waits; NodeList is Slurm's compressed form of them ("node[1-2]").
/// </summary>
public sealed record SlurmJob(
    string Id,
    string Name,
    SlurmJobState State,
    string Reason,
    int? ExitCode,
    int? Signal,
    string NodeList,
    IReadOnlyList<string> Nodes,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime)
{
    /// <summary>Its --comment; empty when it has none.</summary>
    public string Comment { get; init; } = "";

    /// <summary>One line for a user: the state, the exit code or signal, and Slurm's reason.</summary>
    public string Describe()
    {
        var how = (ExitCode, Signal) switch
        {
            (_, > 0) => $", killed by signal {Signal}",
            ({ } code, _) when State.IsFinished() => $", exit code {code}",
            _ => "",
        };
        var why = Reason.Length > 0 ? $" ({Reason})" : "";
        return $"Slurm job {Id} is {State.Name()}{how}{why}";
    }
}
