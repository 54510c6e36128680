namespace Workbench.Contracts;

/// <summary>
/// A compute instance as the API shows it. Endpoints are internal (app → host:port); appUrls are
/// where its owner opens each app through the server's proxy, relative to the server's address;
/// ssh is null for an instance without an SSH key. jobSlots is how many job slots it has; jobs
/// counts its running and queued jobs. driver is where it runs ("local" or "slurm"), partition its
/// Slurm partition (null: the default). state is Unknown while its driver does not answer (Slurm's
/// controller down or slow); error then says why, and it shows its real state again once the driver answers.
/// </summary>
public sealed record ComputeInstanceResource(
    string Name,
    string Workspace,
    string Size,
    string Image,
    string Owner,
    string CreatedBy,
    string Driver,
    string? Partition,
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
