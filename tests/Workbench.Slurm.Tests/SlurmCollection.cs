using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>Slurm tests share one dev cluster and run one at a time, as some of them stop its controller.</summary>
[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<DevSlurmCluster>
{
    public const string Name = "Slurm";

    /// <summary>Skips the test, saying why, where Slurm is not installed; else the cluster.</summary>
    public static DevSlurmCluster Require(DevSlurmCluster cluster)
    {
        Assert.SkipWhen(cluster.SkipReason is not null, cluster.SkipReason ?? "");
        return cluster;
    }
}
