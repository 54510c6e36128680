namespace Workbench.Contracts;

/// <summary>A member of a workspace and their one role there.</summary>
public sealed record MemberResource(string User, string Role, DateTimeOffset AssignedAt);

/// <summary>The body of PUT .../members/{user}: the role to give them, replacing any they had.</summary>
public sealed record AssignRoleRequest(string? Role);
