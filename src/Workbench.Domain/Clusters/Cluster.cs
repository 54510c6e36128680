using Workbench.Domain.Computes;

namespace Workbench.Domain.Clusters;

/// <summary>
/// A batch compute target: nodes of one size that appear for queued jobs, up to maxNodes, and leave after
/// being idle for a while, down to minNodes. Its name shares the workspace's compute names with instances.
/// Its size and driver are fixed at creation; its scale may change.
/// </summary>
public sealed class Cluster
{
    private Cluster()
    {
    }

    public Cluster(string workspace, string name, string size, ClusterDriver driver, string? partition, ClusterScale scale, string createdBy, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Workspace = workspace;
        Name = name;
        NameKey = ComputeName.Key(name);
        Size = size;
        Driver = driver;
        Partition = partition;
        CreatedBy = createdBy;
        CreatedAt = now;
        Apply(scale, now);
    }

    public Guid Id { get; private set; }
    public string Workspace { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NameKey { get; private set; } = "";
    public string Size { get; private set; } = "";
    public ClusterDriver Driver { get; private set; }

    /// <summary>The Slurm partition its nodes come from; null on the local driver.</summary>
    public string? Partition { get; private set; }

    public int MinNodes { get; private set; }
    public int MaxNodes { get; private set; }
    public int IdleSecondsBeforeScaleDown { get; private set; }
    public ClusterTier Tier { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Set by a delete; its nodes leave, then the cluster goes.</summary>
    public bool Deleting { get; private set; }

    /// <summary>Why queued jobs wait for nodes that do not come (quota, maxNodes), for its users; null when nothing waits.</summary>
    public string? ScaleOutWaits { get; private set; }

    /// <summary>Bumped on every change; the store refuses a save based on a stale read.</summary>
    public long Version { get; private set; }

    public ClusterScale Scale => new(MinNodes, MaxNodes, IdleSecondsBeforeScaleDown, Tier);

    public TimeSpan IdleTimeBeforeScaleDown => TimeSpan.FromSeconds(IdleSecondsBeforeScaleDown);

    public void Rescale(ClusterScale scale, DateTimeOffset now)
    {
        ThrowIfDeleting("change");
        Apply(scale, now);
    }

    public void Delete(DateTimeOffset now)
    {
        Deleting = true;
        Touch(now);
    }

    /// <summary>Records why scale-out waits (null: it does not); a change only when the reason changes.</summary>
    public void WaitsBecause(string? reason, DateTimeOffset now)
    {
        if (ScaleOutWaits != reason)
        {
            ScaleOutWaits = reason;
            Touch(now);
        }
    }

    private void Apply(ClusterScale scale, DateTimeOffset now)
    {
        MinNodes = scale.MinNodes;
        MaxNodes = scale.MaxNodes;
        IdleSecondsBeforeScaleDown = scale.IdleSecondsBeforeScaleDown;
        Tier = scale.Tier;
        Touch(now);
    }

    private void ThrowIfDeleting(string what)
    {
        if (Deleting)
        {
            throw new DomainException("Cluster is being deleted", $"Cluster '{Name}' is being deleted; it cannot {what}.");
        }
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}
