namespace Workbench.Contracts;

/// <summary>
/// A job as the API shows it. State is Queued, Starting, Running, Completed, Failed or Canceled; reason
/// says why a job failed or was canceled (set as soon as Workbench decides to end it); startedAt and
/// endedAt are its launcher's own times, updatedAt the server's last change of it; logs map each
/// stream to its file in the workspace share.
/// </summary>
public sealed record JobResource(
    string Name,
    string Workspace,
    string DisplayName,
    string ExperimentName,
    string Description,
    string Compute,
    string Environment,
    string Command,
    string? Code,
    JobResourceRequest Resources,
    IReadOnlyDictionary<string, JobInputResource> Inputs,
    IReadOnlyDictionary<string, JobOutputResource> Outputs,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    string? Timeout,
    string State,
    string? Reason,
    string? Message,
    int? ExitCode,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Logs);

/// <summary>What a job asks of its compute: cpu is the slots it takes (per node); instanceCount the nodes it takes on a cluster.</summary>
public sealed record JobResourceRequest(int Cpu, long? MemoryBytes, int Gpu, int InstanceCount = 1);

/// <summary>A job input: a literal value, or a path in the workspace share and its type.</summary>
public sealed record JobInputResource(string? Value, string? Path, string? Type);

/// <summary>A job output: a path in the workspace share, uri_folder or uri_file.</summary>
public sealed record JobOutputResource(string Path, string Type);

/// <summary>One file of a job's outputs: the output's name, the file's path below it, and its size.</summary>
public sealed record JobOutputFile(string Output, string Path, long Size);
