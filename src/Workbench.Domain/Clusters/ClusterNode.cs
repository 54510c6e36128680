namespace Workbench.Domain.Clusters;

/// <summary>
/// One node of a cluster: a compute its driver runs (a sandbox on this host), which runs one job at a
/// time. Its driver handle is kept so a restarted server finds it again. A job on several nodes holds
/// each of them.
/// </summary>
public sealed class ClusterNode
{
    private ClusterNode()
    {
    }

    public ClusterNode(Cluster cluster, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        ClusterId = cluster.Id;
        Name = $"{cluster.Name}-{Id.ToString("N")[..6]}";
        State = NodeState.Starting;
        CreatedAt = now;
        Since = now;
    }

    public Guid Id { get; private set; }
    public Guid ClusterId { get; private set; }

    /// <summary>The cluster's name and a short suffix: the node's host name.</summary>
    public string Name { get; private set; } = "";

    public NodeState State { get; private set; }

    /// <summary>The job it runs while busy.</summary>
    public long? JobId { get; private set; }

    /// <summary>The driver's opaque state for finding the node's processes again.</summary>
    public string? DriverHandle { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it entered its state: an idle node's idle time counts from here.</summary>
    public DateTimeOffset Since { get; private set; }

    public long Version { get; private set; }

    public void Started(string driverHandle, DateTimeOffset now)
    {
        DriverHandle = driverHandle;
        Move(NodeState.Starting, NodeState.Idle, now);
    }

    public void Take(long jobId, DateTimeOffset now)
    {
        Move(NodeState.Idle, NodeState.Busy, now);
        JobId = jobId;
    }

    /// <summary>Its job ended: idle again, its idle time counting from now.</summary>
    public void Free(DateTimeOffset now)
    {
        Move(NodeState.Busy, NodeState.Idle, now);
        JobId = null;
    }

    /// <summary>Scaled down (or its cluster deleted): it goes once its driver has released it.</summary>
    public void Leave(DateTimeOffset now)
    {
        if (State is NodeState.Busy)
        {
            throw new InvalidOperationException($"Node {Name} runs job {JobId}; it leaves once the job ends.");
        }
        Lost(now);
    }

    /// <summary>Its processes are gone (or could not start): it goes, whatever it was doing; a job on it is found lost by its reconciler.</summary>
    public void Lost(DateTimeOffset now)
    {
        State = NodeState.Leaving;
        Since = now;
        Version++;
    }

    public bool IdleLongerThan(TimeSpan idle, DateTimeOffset now) => State is NodeState.Idle && now - Since >= idle;

    private void Move(NodeState from, NodeState to, DateTimeOffset now)
    {
        if (State != from)
        {
            throw new InvalidOperationException($"Node {Name} is {State}; only a {from} node can become {to}.");
        }
        State = to;
        Since = now;
        Version++;
    }
}
