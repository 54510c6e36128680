using Workbench.Domain.Catalog;
using Workbench.Domain.Clusters;
using Workbench.Drivers;
using Workbench.Server.Catalog;
using Workbench.Server.Shares;

namespace Workbench.Server.Clusters;

/// <summary>
/// What a node is to its driver: a compute of the cluster's size in the default image with no apps (a
/// headless sandbox that jobs are launched into), with the workspace share, owned by the cluster's creator.
/// </summary>
public sealed class NodeSpecs(SizeCatalog sizes, ImageCatalog images, WorkspaceShares shares)
{
    public string Image => images.DefaultName;

    /// <summary>The spec, or null when the cluster's size left the catalog.</summary>
    public ComputeSpec? Of(Cluster cluster, ClusterNode node)
    {
        if (sizes.Find(cluster.Size) is not { } size || images.Find(images.DefaultName) is not { } image)
        {
            return null;
        }
        var headless = image with { Apps = [], Requires = [] };
        return new ComputeSpec(node.Id, cluster.Workspace, node.Name, cluster.CreatedBy, size, headless,
            new Dictionary<string, string>(), "", shares.PathOf(cluster.Workspace));
    }

    public Size? SizeOf(Cluster cluster) => sizes.Find(cluster.Size);
}
