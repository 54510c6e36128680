using Workbench.Domain.Clusters;
using Workbench.Domain.Jobs;
using Workbench.Server.Jobs;
using Workbench.Server.Reconcile;

namespace Workbench.Server.Clusters;

/// <summary>
/// The clusters whose nodes need a look: after a change, a submit, a job's end, and when an idle node's
/// time is up. Keyed like job queues (workspace, kind, name), so a job's events reach its cluster.
/// </summary>
public sealed class ClusterQueue(TimeProvider time)
{
    public WorkQueue<TargetKey> Queue { get; } = new(time);

    public static TargetKey KeyOf(Cluster cluster) => new(cluster.Workspace, TargetKind.Cluster, cluster.NameKey);

    public void Enqueue(TargetKey cluster) => Queue.Add(cluster);
}
