using Workbench.Contracts;

namespace Workbench.Client;

/// <summary>Workspaces, members, roles, quotas and the audit log.</summary>
public sealed partial class WorkbenchClient
{
    public Task<ApiResult<Page<WorkspaceResource>>> ListWorkspacesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Page<WorkspaceResource>>(HttpMethod.Get, "api/v1/workspaces", cancellationToken);

    public Task<ApiResult<WorkspaceResource>> GetWorkspaceAsync(string workspace, CancellationToken cancellationToken = default) =>
        SendAsync<WorkspaceResource>(HttpMethod.Get, WorkspacePath(workspace), cancellationToken);

    /// <summary>Creates the workspace (platform admins) or changes the settings the request names.</summary>
    public Task<ApiResult<WorkspaceResource>> PutWorkspaceAsync(string workspace, PutWorkspaceRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PutWorkspaceRequest, WorkspaceResource>(HttpMethod.Put, WorkspacePath(workspace), request, cancellationToken);

    public Task DeleteWorkspaceAsync(string workspace, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync<object>(HttpMethod.Delete, WorkspacePath(workspace), null, cancellationToken);

    public Task<ApiResult<Page<MemberResource>>> ListMembersAsync(string workspace, CancellationToken cancellationToken = default) =>
        SendAsync<Page<MemberResource>>(HttpMethod.Get, $"{WorkspacePath(workspace)}/members", cancellationToken);

    /// <summary>Gives a user a role in the workspace, replacing the one they had.</summary>
    public Task<ApiResult<MemberResource>> AssignRoleAsync(string workspace, string user, AssignRoleRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<AssignRoleRequest, MemberResource>(HttpMethod.Put, MemberPath(workspace, user), request, cancellationToken);

    public Task RemoveMemberAsync(string workspace, string user, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync<object>(HttpMethod.Delete, MemberPath(workspace, user), null, cancellationToken);

    public Task<ApiResult<Page<RoleResource>>> ListRolesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Page<RoleResource>>(HttpMethod.Get, "api/v1/roles", cancellationToken);

    public Task<ApiResult<RoleResource>> PutRoleAsync(string name, PutRoleRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PutRoleRequest, RoleResource>(HttpMethod.Put, $"api/v1/roles/{Uri.EscapeDataString(name)}", request, cancellationToken);

    /// <summary>Deletes a custom role; refused while anyone holds it.</summary>
    public Task DeleteRoleAsync(string name, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync<object>(HttpMethod.Delete, $"api/v1/roles/{Uri.EscapeDataString(name)}", null, cancellationToken);

    public Task<ApiResult<Page<QuotaResource>>> ListQuotasAsync(string workspace, CancellationToken cancellationToken = default) =>
        SendAsync<Page<QuotaResource>>(HttpMethod.Get, $"{WorkspacePath(workspace)}/quotas", cancellationToken);

    /// <summary>Sets a family's (or "total"'s) vCPU limit; answers with the workspace's whole usage.</summary>
    public Task<ApiResult<Page<QuotaResource>>> SetQuotaAsync(string workspace, string family, SetQuotaRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<SetQuotaRequest, Page<QuotaResource>>(HttpMethod.Put, $"{WorkspacePath(workspace)}/quotas/{Uri.EscapeDataString(family)}", request, cancellationToken);

    /// <summary>One page of the audit log, newest first: a workspace's, or with a null workspace all of it (platform admins).</summary>
    public Task<ApiResult<Page<AuditEntryResource>>> ListAuditAsync(
        string? workspace, string? user, string? action, string? since, int top, CancellationToken cancellationToken = default)
    {
        var query = new[] { ("user", user), ("action", action), ("since", since), ("top", top.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
        var path = workspace is null ? "api/v1/audit" : $"{WorkspacePath(workspace)}/audit";
        return SendAsync<Page<AuditEntryResource>>(HttpMethod.Get, $"{path}?{string.Join('&', query)}", cancellationToken);
    }

    private static string MemberPath(string workspace, string user) => $"{WorkspacePath(workspace)}/members/{Uri.EscapeDataString(user)}";
}
