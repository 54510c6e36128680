namespace Workbench.Domain.Catalog;

/// <summary>A preconfigured environment: what it holds and which apps it serves.</summary>
public sealed record ImageDefinition(
    string Name,
    string Description,
    IReadOnlyList<string> Tools,
    IReadOnlyList<HostRequirement> Requires,
    IReadOnlyList<AppDefinition> Apps);

/// <summary>A program the image needs on the host, and the Debian package that brings it.</summary>
public sealed record HostRequirement(string Program, string Package);

/// <summary>
/// One app of an image. The command and environment may use {port}, {host} (the address to listen on:
/// loopback on the local driver, the node's address on Slurm), {baseUrl}, {token} and {home};
/// readiness is a path under the base URL that answers 2xx once the app serves.
/// </summary>
public sealed record AppDefinition(
    string Name,
    string Command,
    string Readiness,
    IReadOnlyDictionary<string, string> Environment);
