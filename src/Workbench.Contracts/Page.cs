namespace Workbench.Contracts;

/// <summary>One page of a list; nextLink is the URL of the next page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Value, string? NextLink);
