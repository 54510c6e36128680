using System.Diagnostics;
using System.Globalization;
using Workbench.Bench.Measurement;

namespace Workbench.Bench.Jobs;

/// <summary>
/// The floor set by process start-up: /bin/true started by a plain loop, that many at once. One loop moved by a
/// quarter from run to run on a busy machine (2.7 to 4.2 s for 1,000), so it runs <see cref="Runs"/> times and
/// gives the median. It also reads the machine's CPU time through each run: what one start of a process costs this
/// machine, against which the platform's CPU a job is set (<see cref="DrainCpu"/>).
/// </summary>
public sealed class PlainLoopBaseline : IJobBaseline
{
    private const int Runs = 3;
    private readonly List<double> _times = [];
    private readonly List<double> _cpu = [];

    /// <summary>The machine's CPU time a command in the median run, in ms (all processes: the loop's own, /bin/true's, the kernel's).</summary>
    public double MachineCpuPerCommandMs { get; private set; }

    public string Name => _times.Count == 0
        ? "plain loop: /bin/true"
        : $"plain loop: /bin/true, the median of {_times.Count} runs ({string.Join(", ", _times.Select(ms => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture)))} s)";

    public string? Unavailable => null;

    public async Task<double> RunAsync(int count, int parallelism, CancellationToken cancellationToken)
    {
        _times.Clear();
        _cpu.Clear();
        for (var run = 0; run < Runs; run++)
        {
            var cpuBefore = CpuTime.Machine();
            _times.Add(await RunOnceAsync(count, parallelism, cancellationToken));
            _cpu.Add((CpuTime.Machine() - cpuBefore) * 1000 / count);
        }
        var median = _times.Order().ElementAt(Runs / 2);
        MachineCpuPerCommandMs = _cpu[_times.IndexOf(median)];
        return median;
    }

    private static async Task<double> RunOnceAsync(int count, int parallelism, CancellationToken cancellationToken)
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
