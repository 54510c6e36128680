using System.Security.Cryptography;
using Workbench.Bench.Measurement;
using Workbench.Testing;

namespace Workbench.Bench.Ready;

/// <summary>
/// Time to ready: Jupyter started by hand (the baseline) against a compute created through a real
/// server process with the local driver (sandbox, cgroups, store, reconciler). Runs alternate, baseline
/// then platform, so that what else the machine does falls on both alike.
/// </summary>
public static class TimeToReadyBench
{
    public const double Goal = 1.15;

    public static async Task<BenchReport> RunAsync(int runs, CancellationToken cancellationToken)
    {
        using var work = new TempFolder("wb-bench-ready");
        var dataDir = Directory.CreateDirectory(Path.Combine(work.Path, "server")).FullName;
        var byHand = Directory.CreateDirectory(Path.Combine(work.Path, "by-hand")).FullName;
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var server = new ServerProcess(dataDir, token);
        Console.WriteLine($"ready: starting the server ({RepositoryPaths.ServerDll}) ...");
        await server.StartAsync();
        using var api = server.CreateClient();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var baseline = new Samples("Jupyter by hand: start → api/status 200");
        var platform = new Samples("Platform: PUT → GET says Running");
        string? current = null;
        try
        {
            for (var run = 0; run <= runs; run++)
            {
                var label = run == 0 ? "warm" : run.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
                var byHandMs = await HandStartedJupyter.TimeToReadyAsync(byHand, $"base-{label}", probe, cancellationToken);
                current = $"ready-{label}";
                var platformMs = await PlatformCompute.TimeToRunningAsync(api, current, cancellationToken);
                await PlatformCompute.DeleteAsync(api, current, cancellationToken);
                current = null;
                if (run > 0)
                {
                    baseline.Add(byHandMs);
                    platform.Add(platformMs);
                }
                Console.WriteLine($"ready: run {label}: by hand {ResultTable.Ms(byHandMs)} ms, platform {ResultTable.Ms(platformMs)} ms{(run == 0 ? " (warm-up, not counted)" : "")}");
            }
        }
        finally
        {
            if (current is not null)
            {
                await TryDeleteAsync(api, current);
            }
            // Instances outlive the server by design; whatever a failed run left must not outlive the bench.
            InstanceProcesses.KillAll(dataDir);
            InstanceProcesses.KillAll("/i/default/ready-");
            InstanceProcesses.KillAll(byHand);
        }

        var table = new ResultTable("Time to ready (ms)", "runs", "median", "p90", "min");
        foreach (var samples in new[] { baseline, platform })
        {
            table.Add(samples.Name, samples.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ResultTable.Ms(samples.Median), ResultTable.Ms(samples.P90), ResultTable.Ms(samples.Min));
        }
        var ratio = platform.Median / baseline.Median;
        var met = ratio <= Goal ? "met" : "NOT met";
        return new BenchReport("ready: time to ready", table,
        [
            $"Ratio platform / baseline of medians: {ResultTable.Ratio(ratio)} (goal ≤ {ResultTable.Ratio(Goal)}: {met}); "
                + $"platform adds {ResultTable.Ms(platform.Median - baseline.Median)} ms at the median.",
            $"{runs} runs each after one warm-up each, alternating by hand / platform; polls every 10 ms; size Standard_DS1_v2 (1 vCPU cgroup limit on the platform's Jupyter).",
        ]);
    }

    private static async Task TryDeleteAsync(HttpClient api, string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await PlatformCompute.DeleteAsync(api, name, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            Console.Error.WriteLine($"ready: could not delete {name}: {e.Message}");
        }
    }
}
