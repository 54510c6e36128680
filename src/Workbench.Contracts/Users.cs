namespace Workbench.Contracts;

/// <summary>The body of POST /api/v1/users.</summary>
public sealed record CreateUserRequest(string? Name, bool Admin = false);

/// <summary>A user as the API shows it.</summary>
public sealed record UserResource(string Name, bool IsAdmin, DateTimeOffset CreatedAt);

/// <summary>A new user and their first API token, shown this once.</summary>
public sealed record CreatedUserResponse(string Name, bool IsAdmin, string Token);
