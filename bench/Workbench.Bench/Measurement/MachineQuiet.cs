namespace Workbench.Bench.Measurement;

/// <summary>
/// Waits for the machine to go quiet: what a start left running in the background (an instance's Jupyter loading
/// its extensions after it answered) would otherwise take its share of the cores from what is measured next.
/// </summary>
public static class MachineQuiet
{
    private const double BusyAtMost = 0.10;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Until a window of <see cref="Window"/> in which the cores were busy at most <see cref="BusyAtMost"/> of the
    /// time, or <paramref name="atMost"/>; returns how long it waited, and whether the machine went quiet.
    /// </summary>
    public static async Task<(TimeSpan Waited, bool Quiet)> WaitAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (waited < atMost)
        {
            var before = CpuTime.Machine();
            await Task.Delay(Window, cancellationToken);
            waited += Window;
            if ((CpuTime.Machine() - before) / (Window.TotalSeconds * Environment.ProcessorCount) <= BusyAtMost)
            {
                return (waited, true);
            }
        }
        return (waited, false);
    }
}
