namespace Workbench.Contracts;

/// <summary>One recorded call: when, who, which action, on what, the status it got, and the names (never values) of the fields it sent.</summary>
public sealed record AuditEntryResource(long Id, DateTimeOffset At, string Actor, string Action, string? Workspace, string Target, int Status, IReadOnlyList<string> ChangedFields);
