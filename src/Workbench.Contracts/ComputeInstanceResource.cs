namespace Workbench.Contracts;

/// <summary>A compute instance as the API shows it.</summary>
public sealed record ComputeInstanceResource(
    string Name,
    string Workspace,
    string Size,
    string Image,
    string Owner,
    string CreatedBy,
    string State,
    string DesiredState,
    IReadOnlyDictionary<string, string> Endpoints,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
