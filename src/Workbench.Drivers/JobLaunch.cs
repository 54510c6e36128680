using Workbench.Domain.Jobs;

namespace Workbench.Drivers;

/// <summary>
/// Everything a driver needs to run one job on a compute it runs already. Folders are paths in the
/// workspace share; the driver knows where the share is seen from inside the job and fills the
/// command's ${{inputs.X}} and ${{outputs.X}} with it.
/// </summary>
public sealed record JobLaunch(
    long JobId,
    string JobName,
    Guid ComputeId,
    string? ComputeHandle,
    string ComputeName,
    string Owner,
    string SharePath,
    string Command,
    IReadOnlyDictionary<string, JobInput> Inputs,
    IReadOnlyDictionary<string, JobOutput> Outputs,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    string WorkingFolder,
    string LogsFolder);
