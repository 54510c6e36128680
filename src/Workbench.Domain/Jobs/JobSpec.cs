namespace Workbench.Domain.Jobs;

/// <summary>
/// A command job as its user asked for it, checked for shape (names, durations, paths inside the
/// share). Whether its compute and environment exist is checked against the store and catalogs.
/// </summary>
public sealed record JobSpec(
    string? Name,
    string DisplayName,
    string ExperimentName,
    string Description,
    string Command,
    string? Code,
    string? Environment,
    string Compute,
    ResourceRequest Resources,
    IReadOnlyDictionary<string, JobInput> Inputs,
    IReadOnlyDictionary<string, JobOutput> Outputs,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    TimeSpan? Timeout)
{
    public const string DefaultExperiment = "default";
}
