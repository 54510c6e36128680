using System.Diagnostics;

namespace Workbench.Bench.Jobs;

/// <summary>The floor set by process start-up: /bin/true started by a plain loop, that many at once.</summary>
public sealed class PlainLoopBaseline : IJobBaseline
{
    public string Name => "plain loop: /bin/true";

    public string? Unavailable => null;

    public async Task<double> RunAsync(int count, int parallelism, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (_, token) =>
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
                await process.WaitForExitAsync(token);
            });
        return clock.Elapsed.TotalMilliseconds;
    }
}
