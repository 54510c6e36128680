using Workbench.Contracts;

namespace Workbench.Client;

/// <summary>The cluster calls.</summary>
public sealed partial class WorkbenchClient
{
    /// <summary>Creates the cluster, or changes the fields the request gives of an existing one.</summary>
    public Task<ApiResult<ClusterResource>> PutClusterAsync(string workspace, string name, ClusterRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ClusterRequest, ClusterResource>(HttpMethod.Put, ClusterPath(workspace, name), request, cancellationToken);

    public Task<ApiResult<ClusterResource>> GetClusterAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ClusterResource>(HttpMethod.Get, ClusterPath(workspace, name), cancellationToken);

    public Task<ApiResult<Page<ClusterResource>>> ListClustersAsync(string workspace, CancellationToken cancellationToken = default) =>
        SendAsync<Page<ClusterResource>>(HttpMethod.Get, $"{WorkspacePath(workspace)}/clusters", cancellationToken);

    /// <summary>Refused while the cluster has jobs that have not ended; otherwise its nodes leave and it goes.</summary>
    public Task<ApiResult<ClusterResource>> DeleteClusterAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ClusterResource>(HttpMethod.Delete, ClusterPath(workspace, name), cancellationToken);

    private static string ClusterPath(string workspace, string name) =>
        $"{WorkspacePath(workspace)}/clusters/{Uri.EscapeDataString(name)}";
}
