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

    /// <summary>Skips the test where slurmrestd is not installed; else its socket on the dev cluster.</summary>
    public static string RequireRest(DevSlurmCluster cluster)
    {
        Require(cluster);
        Assert.SkipWhen(cluster.RestSocket is null, "slurmrestd is not installed: apt-get install slurmrestd, then run deploy/slurm/up.sh again.");
        return cluster.RestSocket!;
    }

    /// <summary>
    /// A server (its own process) whose Slurm driver uses the dev cluster, submitting through its slurmrestd
    /// where it has one (the client's tests cover sbatch), with a short command timeout and a resync every
    /// 2 s: a running compute or job is looked at on each resync, which is how an outage is seen.
    /// </summary>
    public static ServerProcess ServerOn(DevSlurmCluster cluster, string dataDir, string adminToken) =>
        new(dataDir, adminToken, new Dictionary<string, string>
        {
            ["Drivers:Slurm:SlurmConf"] = cluster.Conf,
            ["Drivers:Slurm:RestSocket"] = cluster.RestSocket ?? "",
            ["Drivers:Slurm:SharePath"] = Path.Combine(dataDir, "slurm"),
            ["Drivers:Slurm:ListenHost"] = "127.0.0.1",
            ["Drivers:Slurm:CommandTimeout"] = "00:00:08",
            ["Workbench:ResyncInterval"] = "00:00:02",
        });
}
