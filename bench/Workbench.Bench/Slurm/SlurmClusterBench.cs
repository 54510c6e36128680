using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Workbench.Bench.Jobs;
using Workbench.Bench.Measurement;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Slurm;

/// <summary>
/// Jobs on a Slurm cluster through Workbench against plain sbatch, on the Slurm dev cluster, in one run of
/// interleaved rounds (a single pair's ratio moves by ±0.15 with the load it starts at): each round is
/// N `sbatch --wrap true` from <see cref="Submitter.Clients"/> submitters (<see cref="SbatchBaseline"/>), then the
/// same N trivial jobs submitted over the API of a real server process (Release, SQLite) to a cluster with
/// driver slurm, from as many clients, each timed from the first submit until none is left queued or
/// running. The figure is the rounds' median ratio (nearest rank). While Workbench's jobs are submitted and
/// run, two more clients sample the API: the job list and the cluster. The server submits through the dev
/// cluster's slurmrestd where it runs one, unless told to use sbatch.
/// </summary>
public static class SlurmClusterBench
{
    public const double OverheadGoal = 1.10;
    public const double ListP99GoalMs = 50;
    private const string Cluster = "bench-slurm";
    private const string Partition = "debug";

    // As many as the dev cluster runs at once (4 nodes of 4 CPUs, a trivial job takes one), so maxNodes never holds a job back that Slurm would run.
    private const int MaxNodes = 16;
    private const int WarmUpJobs = 20;

    // A server just started compiles its hot paths again, optimized, over its first few hundred jobs: perf
    // showed 30–40% of its CPU in the JIT through its 400th job on the dev cluster. The runtime starts counting
    // a method's calls towards that only once it has compiled nothing new for a moment, so the JIT was still
    // busy in the first round after one warm-up of 300 (22% of the server's samples in perf, 11-27). The warm-up is two
    // halves, the API sampled as in a round, with a pause between. The figure wanted is a server that has run a while.
    private const int ServerWarmUpJobs = 300;
    private static readonly TimeSpan WarmUpPause = TimeSpan.FromSeconds(3);
    private const int ListTop = 50;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Drain = TimeSpan.FromMinutes(15);

    public static async Task<BenchReport> RunAsync(int jobs, int rounds, bool sbatch, CancellationToken cancellationToken)
    {
        var slurm = new DevSlurmCluster();
        await slurm.InitializeAsync();
        if (slurm.SkipReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
        Console.WriteLine($"cluster: dev cluster {slurm.Conf}; warm-up of {WarmUpJobs} sbatch jobs ...");
        await SbatchBaseline.RunAsync(slurm, WarmUpJobs, 1, cancellationToken);

        var restSocket = sbatch ? null : slurm.RestSocket;
        var submitWith = restSocket is null ? "sbatch" : "slurmrestd";
        using var work = new TempFolder("wb-bench-cluster");
        var dataDir = Directory.CreateDirectory(Path.Combine(work.Path, "server")).FullName;
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var server = new ServerProcess(dataDir, token, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Workbench"] = "Warning",
            ["Drivers:Slurm:SlurmConf"] = slurm.Conf,
            ["Drivers:Slurm:SharePath"] = Path.Combine(work.Path, "slurm"),
            ["Drivers:Slurm:RestSocket"] = restSocket ?? "",
        }, asService: true);
        Console.WriteLine($"cluster: starting the server ({RepositoryPaths.ServerDll}), submitting with {submitWith} ...");
        await server.StartAsync();
        using var api = server.CreateClient();
        (await api.PutAsJsonAsync($"/api/v1/workspaces/default/clusters/{Cluster}",
            new { size = "Standard_DS1_v2", maxNodes = MaxNodes, driver = "slurm", partition = Partition }, cancellationToken)).EnsureSuccessStatusCode();
        Console.WriteLine($"cluster: warm-up of {ServerWarmUpJobs} jobs through Workbench ...");
        Task WarmUpAsync(string prefix) =>
            WorkbenchRoundAsync(api, prefix, ServerWarmUpJobs / 2, new Samples("list"), new Samples("show"), new Samples("put"), cancellationToken);
        await WarmUpAsync("w1");
        await Task.Delay(WarmUpPause, cancellationToken);
        await WarmUpAsync("w2");

        var table = new ResultTable([$"{jobs} trivial jobs, {Submitter.Clients} submitters", "submit s", "all ended s", "jobs/s", "completed", .. ClusterCpu.Columns]);
        var serverPid = server.ProcessId ?? throw new InvalidOperationException("The server exited.");
        ClusterCpu Cpu() => ClusterCpu.Read(serverPid, slurm.ControllerPid(), slurm.RestPid());
        var list = new Samples($"GET .../jobs?top={ListTop}");
        var show = new Samples($"GET .../clusters/{{name}}");
        var puts = new Samples("PUT .../jobs/{name}");
        var ratios = new Samples("Workbench / sbatch");
        var eachRatio = new List<string>();
        var completedBefore = ServerWarmUpJobs;
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"cluster: round {round} of {rounds}: {jobs} through plain sbatch ...");
            var beforeBaseline = Cpu();
            var baseline = await SbatchBaseline.RunAsync(slurm, jobs, Submitter.Clients, cancellationToken);
            var afterBaseline = Cpu();
            var baselineCpu = afterBaseline - beforeBaseline;
            Console.WriteLine($"cluster: sbatch: all {jobs} ended after {baseline.Ended.TotalSeconds:0.0} s; {jobs} through Workbench ...");
            var (submitted, ended) = await WorkbenchRoundAsync(api, $"b{round}", jobs, list, show, puts, cancellationToken);
            var workbenchCpu = Cpu() - afterBaseline;
            var completed = await CountAsync(api, "Completed", cancellationToken);
            Console.WriteLine($"cluster: Workbench: all {jobs} ended after {ended.TotalSeconds:0.0} s, {completed - completedBefore} completed");
            var ratio = ended.TotalMilliseconds / baseline.Ended.TotalMilliseconds;
            ratios.Add(ratio);
            eachRatio.Add(Ratio(ratio));
            table.Add([$"round {round}, plain sbatch --wrap true", Seconds(baseline.Submitted), Seconds(baseline.Ended),
                baseline.JobsPerSecond.ToString("0.0", CultureInfo.InvariantCulture), Invariant(baseline.Completed), .. baselineCpu.Cells()]);
            table.Add([$"round {round}, Workbench, cluster driver slurm (maxNodes {MaxNodes}), {submitWith}", Seconds(submitted), Seconds(ended),
                (jobs / ended.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture), Invariant(completed - completedBefore), .. workbenchCpu.Cells()]);
            completedBefore = completed;
        }

        var notes = new List<string>
        {
            $"Workbench / sbatch end to end, the median of {rounds} rounds: {Ratio(ratios.Median)} (goal ≤ {Ratio(OverheadGoal)}): {(ratios.Median <= OverheadGoal ? "met" : "not met")}; each round: {string.Join(", ", eachRatio)}.",
            $"While Workbench's jobs ran: {Line(list)}; {Line(show)} (goal: list p99 ≤ {ListP99GoalMs} ms: {(list.P99 <= ListP99GoalMs ? "met" : "not met")}); {Line(puts)}.",
            "Each round runs plain sbatch first, then Workbench, so both meet a slurmctld that keeps the jobs of the rounds before (MinJobAge 300 s), and load left by one shows in the next.",
            "CPU: seconds of busy time over both cores from /proc, from the first submit to the last end: the machine's, the server's own and its commands' (sbatch, scontrol), slurmctld's, slurmrestd's, the benchmark's own (its API clients) and its commands' (the baseline's sbatch and squeue); the rest is the nodes (slurmd, slurmstepd, the jobs).",
            "Time: from the first submit until none of the jobs is queued or running (squeue polled every 50 ms; Workbench's cluster every 100 ms).",
        };
        return new BenchReport($"cluster: {jobs} trivial jobs on a Slurm cluster through Workbench vs plain sbatch, {rounds} rounds", table, notes);
    }

    /// <summary>Submits the jobs while two more clients sample the API, and waits until all have ended; both times from the first submit.</summary>
    private static async Task<(TimeSpan Submitted, TimeSpan Ended)> WorkbenchRoundAsync(
        HttpClient api, string prefix, int jobs, Samples list, Samples show, Samples puts, CancellationToken cancellationToken)
    {
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listing = SampleAsync(api, $"{JobCalls.Jobs}?top={ListTop}", list, sampling.Token);
        var showing = SampleAsync(api, $"/api/v1/workspaces/default/clusters/{Cluster}", show, sampling.Token);
        var clock = Stopwatch.StartNew();
        await Submitter.SubmitAsync(api, Cluster, prefix, jobs, puts, cancellationToken);
        var submitted = clock.Elapsed;
        await DrainAsync(api, cancellationToken);
        var ended = clock.Elapsed;
        await sampling.CancelAsync();
        await Task.WhenAll(listing, showing);
        return (submitted, ended);
    }

    /// <summary>Polls the cluster until it has no job queued or running.</summary>
    private static async Task DrainAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var cluster = await api.GetFromJsonAsync<ClusterResource>($"/api/v1/workspaces/default/clusters/{Cluster}", WorkbenchJson.Options, cancellationToken);
            if (cluster!.Jobs is { Running: 0, Queued: 0 })
            {
                return;
            }
            if (clock.Elapsed > Drain)
            {
                throw new TimeoutException($"Jobs still queued or running after {Drain.TotalMinutes:0} minutes: {cluster.Jobs}; {cluster.ScaleOutWaits}");
            }
            await Task.Delay(SampleEvery, cancellationToken);
        }
    }

    private static async Task SampleAsync(HttpClient api, string url, Samples samples, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var began = Stopwatch.GetTimestamp();
                using var response = await api.GetAsync(url, cancellationToken);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                samples.Add(began, Stopwatch.GetTimestamp());
                await Task.Delay(SampleEvery, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private static async Task<int> CountAsync(HttpClient api, string state, CancellationToken cancellationToken)
    {
        var count = 0;
        string? next = $"{JobCalls.Jobs}?state={state}&top=1000";
        while (next is not null)
        {
            var page = (await api.GetFromJsonAsync<Page<JobResource>>(next, WorkbenchJson.Options, cancellationToken))!;
            count += page.Value.Count;
            next = page.NextLink;
        }
        return count;
    }

    private static string Line(Samples samples) => string.Create(CultureInfo.InvariantCulture,
        $"`{samples.Name}` p50 {ResultTable.Ms(samples.Median)} ms, p99 {ResultTable.Ms(samples.P99)} ms ({samples.Count} samples)");

    private static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
