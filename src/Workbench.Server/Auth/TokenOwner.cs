namespace Workbench.Server.Auth;

/// <summary>The user an API token signs in.</summary>
public sealed record TokenOwner(string UserName, bool IsAdmin);
