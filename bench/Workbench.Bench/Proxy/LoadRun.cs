using System.Diagnostics;
using Workbench.Bench.Measurement;

namespace Workbench.Bench.Proxy;

/// <summary>Runs one operation from a number of concurrent callers for a while, timing each call.</summary>
public static class LoadRun
{
    /// <summary>Adds each call's latency to <paramref name="samples"/> and returns the calls completed per second.</summary>
    public static async Task<double> RunAsync(int concurrency, TimeSpan duration, Samples samples, Func<int, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var calls = 0;
        var began = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            while (Stopwatch.GetElapsedTime(began) < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await call(caller, cancellationToken);
                samples.Add(start, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref calls);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        return calls / Stopwatch.GetElapsedTime(began).TotalSeconds;
    }
}
