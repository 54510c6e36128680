using Workbench.Bench.Jobs;
using Workbench.Testing;

namespace Workbench.Bench.Slurm;

/// <summary>
/// The jobs benchmark's Slurm baseline: the same trivial commands as `sbatch --wrap true` on the dev
/// cluster (<see cref="SbatchBaseline"/>), from as many concurrent submitters as the instance has slots.
/// Slurm then runs as many at once as its nodes have CPUs (16 on the dev cluster), more than the slots.
/// </summary>
public sealed class SlurmBaseline : IJobBaseline
{
    private const int WarmUpJobs = 20;
    private readonly DevSlurmCluster cluster;

    private SlurmBaseline(DevSlurmCluster cluster, string? unavailable)
    {
        this.cluster = cluster;
        Unavailable = unavailable;
    }

    public string Name => "Slurm: sbatch --wrap true on the dev cluster (that many submitters; its nodes run more at once)";

    public string? Unavailable { get; }

    /// <summary>
    /// The cluster WORKBENCH_TEST_SLURM_CONF names, else the default dev cluster brought up as the slurm
    /// benchmark does; unavailable, saying why, where Slurm is not installed or will not start.
    /// </summary>
    public static async Task<SlurmBaseline> FindAsync()
    {
        var cluster = new DevSlurmCluster();
        try
        {
            await cluster.InitializeAsync();
        }
        catch (InvalidOperationException e)
        {
            return new SlurmBaseline(cluster, $"the dev cluster did not start: {e.Message.Split('\n')[0]}");
        }
        return new SlurmBaseline(cluster, cluster.SkipReason);
    }

    public async Task<double> RunAsync(int count, int parallelism, CancellationToken cancellationToken)
    {
        // Slurm's first jobs after a quiet spell are slower (daemons and munge warming up); the platform got its warm-up too.
        await SbatchBaseline.RunAsync(cluster, WarmUpJobs, 1, cancellationToken);
        var run = await SbatchBaseline.RunAsync(cluster, count, parallelism, cancellationToken);
        if (run.Completed != count)
        {
            Console.WriteLine($"jobs: Slurm reports {run.Completed} of {count} jobs COMPLETED.");
        }
        return run.Ended.TotalMilliseconds;
    }
}
