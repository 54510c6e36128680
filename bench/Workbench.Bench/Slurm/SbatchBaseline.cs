using System.Diagnostics;
using Workbench.Testing;

namespace Workbench.Bench.Slurm;

/// <summary>
/// Slurm's own speed for trivial jobs, the baseline for jobs through Workbench: N `sbatch --wrap true`
/// submitted as a script would (from a number of concurrent submitters), timed from the first submit
/// until squeue shows none of them waiting or running. Plain commands only, nothing of Workbench.
/// </summary>
public static class SbatchBaseline
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<SbatchRun> RunAsync(DevSlurmCluster cluster, int jobs, int submitters, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var next = 0;
        var ids = new List<string>();
        await Task.WhenAll(Enumerable.Range(0, submitters).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= jobs)
            {
                var id = (await cluster.RunAsync("sbatch", "--parsable", "--job-name=wb-bench-sbatch", "--output=/dev/null", "--wrap=true")).Trim();
                lock (ids)
                {
                    ids.Add(id);
                }
            }
        }));
        var submitted = clock.Elapsed;

        var mine = ids.ToHashSet();
        while ((await cluster.RunAsync("squeue", "--noheader", "--format=%i", "--states=PENDING,CONFIGURING,RUNNING,COMPLETING"))
            .Split('\n', StringSplitOptions.TrimEntries).Any(mine.Contains))
        {
            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"{jobs} trivial jobs did not all end within {Timeout.TotalMinutes:0} minutes.");
            }
            await Task.Delay(Poll, cancellationToken);
        }
        var ended = clock.Elapsed;

        var completed = (await cluster.RunAsync("squeue", "--noheader", "--format=%i %T", "--states=all"))
            .Split('\n', StringSplitOptions.TrimEntries)
            .Count(line => line.Split(' ') is [var id, "COMPLETED"] && mine.Contains(id));
        return new SbatchRun(jobs, submitters, completed, submitted, ended);
    }
}

/// <summary>One timed batch: how long the submits took, and until every job had ended.</summary>
public sealed record SbatchRun(int Jobs, int Submitters, int Completed, TimeSpan Submitted, TimeSpan Ended)
{
    public double JobsPerSecond => Jobs / Ended.TotalSeconds;
}
