namespace Workbench.Contracts;

/// <summary>
/// SSH to an instance that has a public key: which key (its fingerprint, never the key itself), the
/// user to log in as, and, while its SSH server runs, where it listens and the command that logs in.
/// restartNeeded: the key came while the instance ran without an SSH server; a restart starts one.
/// </summary>
public sealed record SshAccessResource(string KeyFingerprint, string User, string? Host, int? Port, string? Command, bool RestartNeeded);
