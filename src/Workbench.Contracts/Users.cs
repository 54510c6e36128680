namespace Workbench.Contracts;

/// <summary>
/// The body of POST /api/v1/users; without a password the user signs in with API tokens only. With a
/// role they become a member of the default workspace with it; without one, of no workspace yet.
/// </summary>
public sealed record CreateUserRequest(string? Name, bool Admin = false, string? Password = null, string? Role = null);

/// <summary>A user as the API shows it; whether they have a password, never the password.</summary>
public sealed record UserResource(string Name, bool IsAdmin, bool HasPassword, DateTimeOffset CreatedAt);

/// <summary>A new user and their first API token, shown this once.</summary>
public sealed record CreatedUserResponse(string Name, bool IsAdmin, string Token);

/// <summary>The body of PUT /api/v1/users/{name}/password; CurrentPassword is needed when people change their own.</summary>
public sealed record SetPasswordRequest(string? Password, string? CurrentPassword = null);
