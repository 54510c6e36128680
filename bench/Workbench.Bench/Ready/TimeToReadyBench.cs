using System.Globalization;
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
        var byHandDir = Directory.CreateDirectory(Path.Combine(work.Path, "by-hand")).FullName;
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var server = new ServerProcess(dataDir, token, asService: true);
        Console.WriteLine($"ready: starting the server ({RepositoryPaths.ServerDll}) ...");
        await server.StartAsync();
        using var api = server.CreateClient();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var byHand = new Phases("Jupyter by hand", "start", "api/status 200");
        var platform = new Phases("Platform", "PUT", "GET says Running");
        string? current = null;
        try
        {
            for (var run = 0; run <= runs; run++)
            {
                var label = run == 0 ? "warm" : run.ToString("00", CultureInfo.InvariantCulture);
                var byHandTimes = await HandStartedJupyter.TimeToReadyAsync(byHandDir, $"base-{label}", probe, cancellationToken);
                current = $"ready-{label}";
                var platformTimes = await PlatformCompute.TimeToRunningAsync(api, dataDir, current, cancellationToken);
                await PlatformCompute.DeleteAsync(api, current, cancellationToken);
                current = null;
                if (run > 0)
                {
                    byHand.Add(byHandTimes);
                    platform.Add(platformTimes);
                }
                Console.WriteLine($"ready: run {label}: by hand {ResultTable.Ms(byHandTimes.ReadyMs)} ms, platform {ResultTable.Ms(platformTimes.ReadyMs)} ms"
                    + (run == 0 ? " (warm-up, not counted)" : ""));
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
            InstanceProcesses.KillAll(byHandDir);
        }

        var table = new ResultTable("Time to ready (ms)", "runs", "median", "p90", "min");
        foreach (var samples in new[]
        {
            byHand.Ready, platform.Ready, byHand.Listening, platform.Listening, platform.Launcher, platform.LauncherToListening,
            byHand.AfterListening, platform.AfterListening,
        })
        {
            if (samples.Count > 0)
            {
                table.Add(samples.Name, samples.Count.ToString(CultureInfo.InvariantCulture),
                    ResultTable.Ms(samples.Median), ResultTable.Ms(samples.P90), ResultTable.Ms(samples.Min));
            }
        }
        var ratio = platform.Ready.Median / byHand.Ready.Median;
        List<string> notes =
        [
            $"Ratio platform / baseline of medians: {ResultTable.Ratio(ratio)} (goal ≤ {ResultTable.Ratio(Goal)}: {(ratio <= Goal ? "met" : "NOT met")}); "
                + $"medians differ by {Signed(platform.Ready.Median - byHand.Ready.Median)} ms (platform − by hand).",
        ];
        if (byHand.Listening.Count > 0 && platform.Listening.Count > 0)
        {
            notes.Add($"Split at the line where Jupyter logs that it listens: until then the medians differ by "
                + $"{Signed(platform.Listening.Median - byHand.Listening.Median)} ms; "
                + $"after it, {ResultTable.Ms(platform.AfterListening.Median)} ms against {ResultTable.Ms(byHand.AfterListening.Median)} ms by hand "
                + "(the reconciler's readiness check every 20 ms, a store write, the client's poll every 10 ms).");
        }
        if (platform.Launcher.Count > 0)
        {
            notes.Add($"Before Jupyter listens: the instance's launcher (run.sh, past its lock and cgroup join) began {ResultTable.Ms(platform.Launcher.Median)} ms "
                + $"after the PUT (the API, the reconciler, the driver's start); from there bubblewrap and Jupyter took {ResultTable.Ms(platform.LauncherToListening.Median)} ms "
                + $"to listen, against {ResultTable.Ms(byHand.Listening.Median)} ms for Jupyter by hand (medians).");
        }
        notes.Add($"{runs} runs each after one warm-up each, alternating by hand / platform; the client polls every 10 ms; "
            + "size Standard_DS1_v2 (a 1 vCPU cgroup limit on the platform's Jupyter; by hand it may use both cores). "
            + "The log split uses Jupyter's own timestamps (1 ms resolution, wall clock).");
        return new BenchReport("ready: time to ready", table, notes);
    }

    private static string Signed(double milliseconds) => (milliseconds >= 0 ? "+" : "") + ResultTable.Ms(milliseconds);

    private static async Task TryDeleteAsync(HttpClient api, string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await PlatformCompute.DeleteAsync(api, name, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            Console.Error.WriteLine($"ready: could not delete {name}: {e.Message}");
        }
    }

    /// <summary>The three figures of one kind of start: to ready, to Jupyter's "listening" log line, and from that line to ready.</summary>
    private sealed class Phases(string kind, string from, string ready)
    {
        public Samples Ready { get; } = new($"{kind}: {from} → {ready}");

        public Samples Listening { get; } = new($"{kind}: {from} → Jupyter logs it listens");

        public Samples AfterListening { get; } = new($"{kind}: Jupyter logs it listens → {ready}");

        public Samples Launcher { get; } = new($"{kind}: {from} → instance launcher runs");

        public Samples LauncherToListening { get; } = new($"{kind}: instance launcher runs → Jupyter logs it listens");

        public void Add(StartTimes times)
        {
            Ready.Add(times.ReadyMs);
            if (times.ListeningMs is { } listening)
            {
                Listening.Add(listening);
                AfterListening.Add(times.ReadyMs - listening);
            }
            if (times.LauncherMs is { } launcher)
            {
                Launcher.Add(launcher);
                if (times.ListeningMs is { } listened)
                {
                    LauncherToListening.Add(listened - launcher);
                }
            }
        }
    }
}
