using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Workbench.Bench.Measurement;
using Workbench.Bench.Ready;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Proxy;

/// <summary>
/// The app proxy's cost: the same Jupyter reached directly (its host:port and own token, the
/// baseline) and through Workbench (the owner's token), for a small GET and a kernel websocket
/// round trip, at 1 and 32 concurrent callers; each pair alternates direct and proxied in short
/// slices so the machine's other work falls on both alike. Then how soon a route is live once the
/// store says Running.
/// </summary>
public static class ProxyBench
{
    private const string Instance = "proxy-bench";
    private const string AppPath = "/i/default/proxy-bench/jupyter/";
    private const int Slices = 4;
    private const int LivenessRuns = 10;

    public static async Task<BenchReport> RunAsync(int seconds, CancellationToken cancellationToken)
    {
        using var work = new TempFolder("wb-bench-proxy");
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var server = new ServerProcess(work.Path, token, asService: true);
        Console.WriteLine("proxy: starting the server and an instance ...");
        await server.StartAsync();
        using var api = server.CreateClient();
        // Disposing the server deletes the instance and waits for its processes to go.
        try
        {
            await PlatformCompute.TimeToRunningAsync(api, work.Path, Instance, cancellationToken);
            var instance = await api.GetFromJsonAsync<ComputeInstanceResource>($"{ApiCalls.Computes}/{Instance}", WorkbenchJson.Options, cancellationToken);
            var appToken = File.ReadAllText(Directory.GetFiles(Path.Combine(work.Path, "secrets")).Single()).Trim();
            using var direct = new AppTarget("direct", $"http://{instance!.Endpoints["jupyter"]}", new AuthenticationHeaderValue("token", appToken));
            using var proxied = new AppTarget("proxied", server.Url, new AuthenticationHeaderValue("Bearer", token));
            var kernelId = await proxied.StartKernelAsync(AppPath, cancellationToken);

            var slice = TimeSpan.FromSeconds(seconds) / Slices;
            var table = new ResultTable("Operation", "callers", "via", "n", "p50 ms", "p99 ms", "per s");
            var notes = new List<string>();
            foreach (var concurrency in new[] { 1, 32 })
            {
                var get = await CompareAsync(table, "GET api/status", concurrency, slice, direct, proxied,
                    target => (_, ct) => target.GetStatusAsync(AppPath, ct), cancellationToken);
                var ws = await CompareWebsocketsAsync(table, concurrency, slice, direct, proxied, kernelId, cancellationToken);
                notes.Add(Describe("GET api/status", concurrency, get));
                notes.Add(Describe("kernel websocket round trip", concurrency, ws));
            }
            var (live, firstAnswer) = await RouteLiveness.MeasureAsync(api, proxied, Instance, AppPath, LivenessRuns, cancellationToken);
            table.Add("Route live after the store says Running", "1", "proxied", live.Count.ToString(CultureInfo.InvariantCulture),
                ResultTable.Ms(live.Median), ResultTable.Ms(live.P99), "–");
            table.Add("First proxied 200 after the store says Running", "1", "proxied", firstAnswer.Count.ToString(CultureInfo.InvariantCulture),
                ResultTable.Ms(firstAnswer.Median), ResultTable.Ms(firstAnswer.P99), "–");
            notes.Add($"Route live after Running: median {ResultTable.Ms(live.Median)} ms, worst {ResultTable.Ms(live.P99)} ms of {live.Count} stop/start cycles "
                + $"(goal ≤ 10 ms: {Met(live.P99 <= 10)}): from the instance's updatedAt (the reconciler's clock as it marked Running, before its store write) "
                + "to the sending of the first request the proxy forwarded, polling back to back (to within one poll, a 503 from the proxy's starting page).");
            notes.Add($"First proxied 200 after Running: median {ResultTable.Ms(firstAnswer.Median)} ms, worst {ResultTable.Ms(firstAnswer.P99)} ms: "
                + "the same request's answer, which adds the just-started Jupyter's own first answers (slower than its steady ones).");
            notes.Add($"Each comparison: {Slices} slices of {slice.TotalSeconds:0.#} s alternating direct and proxied; one Jupyter (notebook 6) at Standard_DS1_v2 (1 vCPU cgroup); "
                + "the clients run in this process on the same 2 cores as the server and Jupyter.");
            return new BenchReport("proxy: direct to Jupyter vs through the Workbench proxy", table, notes);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"proxy: failed: {e}\nThe server said:\n{server.Output}");
            throw;
        }
    }

    private static async Task<Comparison> CompareWebsocketsAsync(
        ResultTable table, int concurrency, TimeSpan slice, AppTarget direct, AppTarget proxied, string kernelId, CancellationToken cancellationToken)
    {
        var channels = new Dictionary<AppTarget, KernelChannel[]>();
        try
        {
            foreach (var target in new[] { direct, proxied })
            {
                channels[target] = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => target.ConnectKernelAsync(AppPath, kernelId)));
            }
            return await CompareAsync(table, "kernel_info round trip (websocket)", concurrency, slice, direct, proxied,
                target => (caller, ct) => channels[target][caller].PingAsync(ct), cancellationToken);
        }
        finally
        {
            foreach (var channel in channels.Values.SelectMany(c => c))
            {
                await channel.DisposeAsync();
            }
        }
    }

    private static async Task<Comparison> CompareAsync(
        ResultTable table, string operation, int concurrency, TimeSpan slice, AppTarget direct, AppTarget proxied,
        Func<AppTarget, Func<int, CancellationToken, Task>> callOf, CancellationToken cancellationToken)
    {
        var samples = new Dictionary<AppTarget, Samples> { [direct] = new("direct"), [proxied] = new("proxied") };
        var rates = new Dictionary<AppTarget, List<double>> { [direct] = [], [proxied] = [] };
        // A short warm-up each, uncounted: connections, JIT, Jupyter's first answers.
        foreach (var target in new[] { direct, proxied })
        {
            await LoadRun.RunAsync(concurrency, TimeSpan.FromSeconds(0.5), new Samples("warm-up"), callOf(target), cancellationToken);
        }
        for (var i = 0; i < Slices; i++)
        {
            foreach (var target in i % 2 == 0 ? new[] { direct, proxied } : [proxied, direct])
            {
                rates[target].Add(await LoadRun.RunAsync(concurrency, slice / 2, samples[target], callOf(target), cancellationToken));
            }
        }
        foreach (var target in new[] { direct, proxied })
        {
            var s = samples[target];
            table.Add(operation, concurrency.ToString(CultureInfo.InvariantCulture), target.Name, s.Count.ToString(CultureInfo.InvariantCulture),
                ResultTable.Ms(s.Median), ResultTable.Ms(s.P99), rates[target].Average().ToString("0", CultureInfo.InvariantCulture));
        }
        var result = new Comparison(samples[direct], samples[proxied], rates[direct].Average(), rates[proxied].Average());
        Console.WriteLine($"proxy: {operation} x{concurrency}: direct p50 {ResultTable.Ms(result.Direct.Median)} ms, proxied {ResultTable.Ms(result.Proxied.Median)} ms");
        return result;
    }

    private static string Describe(string operation, int concurrency, Comparison c)
    {
        var added = c.Proxied.Median - c.Direct.Median;
        var share = c.ProxiedRate / c.DirectRate;
        var goal = concurrency == 1
            ? $"added p50 {ResultTable.Ms(added)} ms (goal ≤ 1 ms: {Met(added <= 1)})"
            : $"proxied throughput {share:P0} of direct (goal ≥ 70%: {Met(share >= 0.7)})";
        return $"{operation}, {concurrency} caller(s): p50 {ResultTable.Ms(c.Proxied.Median)} ms proxied vs {ResultTable.Ms(c.Direct.Median)} ms direct "
            + $"(ratio {ResultTable.Ratio(c.Proxied.Median / c.Direct.Median)}), p99 ratio {ResultTable.Ratio(c.Proxied.P99 / c.Direct.P99)}, "
            + $"throughput ratio {ResultTable.Ratio(share)}; {goal}.";
    }

    private static string Met(bool met) => met ? "met" : "NOT met";

    private sealed record Comparison(Samples Direct, Samples Proxied, double DirectRate, double ProxiedRate);
}
