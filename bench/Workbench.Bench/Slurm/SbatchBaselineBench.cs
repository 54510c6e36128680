using System.Diagnostics;
using System.Globalization;
using Workbench.Bench.Measurement;
using Workbench.Testing;

namespace Workbench.Bench.Slurm;

/// <summary>
/// Runs <see cref="SbatchBaseline"/> on the Slurm dev cluster (the one WORKBENCH_TEST_SLURM_CONF names,
/// else deploy/slurm/up.sh's default): one warm-up batch, then the timed batches, from one submitter
/// as a shell loop would and from four at once.
/// </summary>
public static class SbatchBaselineBench
{
    public static async Task<BenchReport> RunAsync(int jobs, int runs, CancellationToken cancellationToken)
    {
        var cluster = new DevSlurmCluster();
        await cluster.InitializeAsync();
        if (cluster.SkipReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
        Console.WriteLine($"slurm: dev cluster {cluster.Conf}; warm-up of 20 jobs ...");
        await SbatchBaseline.RunAsync(cluster, 20, 1, cancellationToken);

        var table = new ResultTable("sbatch --wrap true", "jobs", "submit s", "all ended s", "jobs/s", "completed");
        var notes = new List<string>();
        foreach (var submitters in new[] { 1, 4 })
        {
            for (var run = 1; run <= runs; run++)
            {
                var result = await SbatchBaseline.RunAsync(cluster, jobs, submitters, cancellationToken);
                Console.WriteLine($"slurm: {jobs} jobs, {submitters} submitter(s), run {run}: all ended after {result.Ended.TotalSeconds:0.0} s");
                table.Add($"{submitters} submitter(s), run {run}", Invariant(result.Jobs), Seconds(result.Submitted), Seconds(result.Ended),
                    result.JobsPerSecond.ToString("0.0", CultureInfo.InvariantCulture), Invariant(result.Completed));
            }
        }
        var known = (await cluster.RunAsync("squeue", "--noheader", "--states=all", "--format=%i")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var listAll = await TimeAsync(() => cluster.RunAsync("squeue", "--json"));
        var showOne = await TimeAsync(() => cluster.RunAsync("scontrol", "show", "job", "--oneliner", known[^1]));
        notes.Add($"With {known.Length} jobs known to slurmctld (MinJobAge 300 s): `squeue --json` (22.05 returns every job, filters or not) takes "
            + $"{ResultTable.Ms(listAll)} ms, `scontrol show job --oneliner ID` {ResultTable.Ms(showOne)} ms (medians of 5).");
        notes.Add("Time from the first sbatch until squeue lists none of the jobs as PENDING, CONFIGURING, RUNNING or COMPLETING (polled every 50 ms).");
        notes.Add("Dev cluster: 4 virtual nodes of 4 CPUs on this host, DefMemPerCPU=256, batch_sched_delay=0; one job takes one CPU, so 16 run at once.");
        return new BenchReport($"slurm: {jobs} trivial jobs through plain sbatch (the baseline for jobs on Slurm)", table, notes);
    }

    private static async Task<double> TimeAsync(Func<Task<string>> command)
    {
        var samples = new Samples("command");
        for (var i = 0; i < 5; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await command();
            samples.Add(start, Stopwatch.GetTimestamp());
        }
        return samples.Median;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
