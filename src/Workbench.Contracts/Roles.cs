namespace Workbench.Contracts;

/// <summary>A role definition: the actions it grants minus its notActions; ownComputesOnly narrows compute and job actions to the caller's own.</summary>
public sealed record RoleResource(string Name, string Description, IReadOnlyList<string> Actions, IReadOnlyList<string> NotActions, bool OwnComputesOnly, bool IsBuiltIn);

/// <summary>The body of PUT /api/v1/roles/{name}: a custom role (platform admins).</summary>
public sealed record PutRoleRequest(string? Description, IReadOnlyList<string?>? Actions, IReadOnlyList<string?>? NotActions = null, bool OwnComputesOnly = false);
