namespace Workbench.Contracts;

/// <summary>
/// The body of PUT .../computes/{name}; image defaults to the catalog's default, assignTo to the caller,
/// jobSlots to two per vCPU of the size. sshPublicKey (one OpenSSH public key line) gives the
/// instance an SSH server that takes that key. start: false creates it Stopped, for its owner to start later.
/// driver is "local" (the default) or "slurm" (only where the server has Slurm configured), partition the
/// Slurm partition (default: the server's).
/// </summary>
public sealed record CreateComputeRequest(
    string? Size, string? Image = null, string? AssignTo = null, string? SshPublicKey = null, bool? Start = null, int? JobSlots = null,
    string? Driver = null, string? Partition = null);
