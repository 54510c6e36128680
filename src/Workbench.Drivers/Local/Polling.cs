using System.Diagnostics;

namespace Workbench.Drivers.Local;

/// <summary>Waits for a condition on the host (a file written, processes gone) by looking again every few milliseconds.</summary>
internal static class Polling
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>True once the condition holds; false when the timeout passes first.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
        return true;
    }
}
