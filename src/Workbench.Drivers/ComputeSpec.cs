using Workbench.Domain.Catalog;

namespace Workbench.Drivers;

/// <summary>
/// Everything a driver needs to make one compute run. With an SSH public key it also runs an SSH server
/// for that key. Partition is the Slurm partition it runs in (null: the driver's default); others ignore it.
/// </summary>
public sealed record ComputeSpec(
    Guid ComputeId,
    string Workspace,
    string Name,
    string Owner,
    Size Size,
    ImageDefinition Image,
    IReadOnlyDictionary<string, string> AppBaseUrls,
    string AppToken,
    string SharePath,
    string? SshPublicKey = null,
    string? Partition = null);
