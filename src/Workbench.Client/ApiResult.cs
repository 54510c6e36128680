namespace Workbench.Client;

/// <summary>A response both as typed value and as the exact body the server sent, for output that must not reshape it.</summary>
public sealed record ApiResult<T>(T Value, string Json);
