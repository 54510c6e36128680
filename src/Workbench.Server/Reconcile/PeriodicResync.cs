namespace Workbench.Server.Reconcile;

/// <summary>
/// Runs a pass at once and then every interval, for as long as the host runs: how controllers look
/// at everything again (on start, which is how a restarted server re-adopts what runs, and then
/// periodically, which catches whatever no event announced). A failed pass is reported, not fatal.
/// </summary>
public static class PeriodicResync
{
    public static async Task RunAsync(
        TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> pass, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
