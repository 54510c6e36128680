namespace Workbench.Contracts;

/// <summary>The body of POST /api/v1/users/me/tokens.</summary>
public sealed record CreateTokenRequest(string? Name);

/// <summary>One of the caller's API tokens, without its secret.</summary>
public sealed record TokenResource(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A new API token, its secret shown this once.</summary>
public sealed record CreatedTokenResponse(Guid Id, string Name, DateTimeOffset CreatedAt, string Token);
