namespace Workbench.Contracts;

/// <summary>The body of POST /api/v1/login/token: a user name and password to exchange for a new API token named TokenName.</summary>
public sealed record PasswordLoginRequest(string? Username, string? Password, string? TokenName);

/// <summary>What a script in a browser session sends, as HeaderName, with each call that changes something.</summary>
public sealed record AntiforgeryTokenResource(string HeaderName, string Token);
