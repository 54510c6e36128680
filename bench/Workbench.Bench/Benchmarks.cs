using System.Globalization;
using Workbench.Bench.Access;
using Workbench.Bench.Control;
using Workbench.Bench.Jobs;
using Workbench.Bench.Measurement;
using Workbench.Bench.Proxy;
using Workbench.Bench.Ready;
using Workbench.Bench.Slurm;
using Workbench.Bench.Studio;
using Workbench.Testing;

namespace Workbench.Bench;

/// <summary>
/// The entry point: runs the benchmarks the first argument names (ready, control, proxy, jobs, access, studio, slurm, cluster or all) and prints
/// their figures, as markdown at the end. Not top-level statements: those would declare a second
/// Program beside the server's, which the control benchmark hosts.
/// </summary>
public static class Benchmarks
{
    private const string Usage =
        "Usage: dotnet run -c Release --project bench/Workbench.Bench -- ready|control|proxy|jobs|access|studio|slurm|cluster|all [--runs N] [--instances N] [--seconds N] [--jobs N] [--submits-only] [--sbatch]\n"
        + "  --runs N       ready, studio: timed runs of each kind, after one warm-up each (default 10); slurm: batches of each kind (default 3); cluster: rounds of sbatch then Workbench (default 3)\n"
        + "  --instances N  control: instances to fill the store with (default 10000)\n"
        + "  --seconds N    proxy: seconds of load per comparison, half direct, half proxied (default 8)\n"
        + "  --jobs N       jobs: trivial jobs per phase (default 1000); slurm: trivial jobs per batch (default 500); cluster: trivial jobs each way (default 500)\n"
        + "  --submits-only jobs: only the submits to a stopped instance, in three rounds of --jobs each (how they go as the server warms up)\n"
        + "  --sbatch       cluster: the server submits with sbatch even where the dev cluster runs slurmrestd\n"
        + "  access: authorization cost per request and quota admission under contention (no options)\n"
        + "  all runs ready, control, proxy, jobs, access and studio (studio needs Debian's chromium); slurm and cluster need the Slurm dev cluster (deploy/slurm/up.sh, as root).";

    public static async Task<int> Main(string[] args)
    {
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        if (which is not ("ready" or "control" or "proxy" or "jobs" or "access" or "studio" or "slurm" or "cluster" or "all"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var runs = Option(args, "--runs", 10);
        var instances = Option(args, "--instances", 10_000);
        var seconds = Option(args, "--seconds", 8);
        var jobs = Option(args, "--jobs", which is "slurm" or "cluster" ? 500 : 1000);

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stop through the finally blocks, so instances are deleted and servers stopped on the way out.
            e.Cancel = true;
            stop.Cancel();
        };

        var machine = Machine.Describe();
        var loadBefore = Machine.LoadAverage();
        Console.WriteLine($"Workbench.Bench {which} on {machine}, {RepositoryPaths.Configuration} build; load average {loadBefore}");
        var reports = new List<BenchReport>();
        if (which is "ready" or "all")
        {
            reports.Add(await TimeToReadyBench.RunAsync(runs, stop.Token));
            Console.Write(reports[^1].ToText());
        }
        if (which is "control" or "all")
        {
            reports.Add(await ControlPlaneBench.RunAsync(instances, stop.Token));
            Console.Write(reports[^1].ToText());
        }
        if (which is "proxy" or "all")
        {
            reports.Add(await ProxyBench.RunAsync(seconds, stop.Token));
            Console.Write(reports[^1].ToText());
        }
        if (which is "jobs" or "all")
        {
            reports.Add(await JobsBench.RunAsync(jobs, args.Contains("--submits-only"), stop.Token));
            Console.Write(reports[^1].ToText());
        }
        if (which is "studio" or "all")
        {
            reports.Add(await StudioBench.RunAsync(runs, stop.Token));
            Console.Write(reports[^1].ToText());
        }
        if (which is "slurm")
        {
            reports.Add(await SbatchBaselineBench.RunAsync(jobs, Option(args, "--runs", 3), stop.Token));
            Console.Write(reports[^1].ToText());
        }
        if (which is "cluster")
        {
            reports.Add(await SlurmClusterBench.RunAsync(jobs, Option(args, "--runs", 3), args.Contains("--sbatch"), stop.Token));
            Console.Write(reports[^1].ToText());
        }
        if (which is "access" or "all")
        {
            reports.Add(await AccessBench.RunAsync(stop.Token));
            Console.Write(reports[^1].ToText());
        }

        Console.WriteLine();
        Console.WriteLine("## Results");
        Console.WriteLine();
        Console.WriteLine($"Machine: {machine}; {RepositoryPaths.Configuration} build; load average (1, 5, 15 min) {loadBefore} before, {Machine.LoadAverage()} after.");
        foreach (var report in reports)
        {
            Console.WriteLine();
            Console.Write(report.ToMarkdown());
        }
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
