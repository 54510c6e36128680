namespace Workbench.Contracts;

/// <summary>A workspace as the API shows it, with the caller's role in it (Owner for platform admins).</summary>
public sealed record WorkspaceResource(string Name, bool ReleaseQuotaOnStop, string Role, DateTimeOffset CreatedAt);

/// <summary>The body of PUT /api/v1/workspaces/{name}: creates the workspace (platform admins) or changes what it names.</summary>
public sealed record PutWorkspaceRequest(bool? ReleaseQuotaOnStop = null);
