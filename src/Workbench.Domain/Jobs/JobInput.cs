namespace Workbench.Domain.Jobs;

/// <summary>One input of a job: a literal value, or a path in the workspace file share with its type (uri_file or uri_folder).</summary>
public sealed record JobInput(string? Value, string? Path, string? Type = null);
