namespace Workbench.Contracts;

/// <summary>
/// The body of PATCH .../computes/{name}, a JSON merge patch: sshPublicKey sets or replaces the
/// instance's SSH key, and null removes it.
/// </summary>
public sealed record UpdateComputeRequest(string? SshPublicKey);
