namespace Workbench.Contracts;

/// <summary>
/// A compute instance as the API shows it. Endpoints are internal (app → host:port); appUrls are
/// where its owner opens each app through the server's proxy, relative to the server's address;
/// ssh is null for an instance without an SSH key. jobSlots is how many job slots it has; jobs
/// counts its running and queued jobs.
/// </summary>
public sealed record ComputeInstanceResource(
    string Name,
    string Workspace,
    string Size,
    string Image,
    string Owner,
    string CreatedBy,
    int JobSlots,
    JobCounts Jobs,
    string State,
    string DesiredState,
    IReadOnlyDictionary<string, string> Endpoints,
    IReadOnlyDictionary<string, string> AppUrls,
    SshAccessResource? Ssh,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
