namespace Workbench.Contracts;

/// <summary>The body of PUT .../computes/{name}; image defaults to the catalog's default and assignTo to the caller.</summary>
public sealed record CreateComputeRequest(string? Size, string? Image = null, string? AssignTo = null);
