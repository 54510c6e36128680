using Microsoft.EntityFrameworkCore;
using Workbench.Server.Hosting;

namespace Workbench.Server.Reconcile;

/// <summary>
/// Workers that take keys from a work queue and reconcile each in its own scope, on threads of their own
/// below the API's priority (<see cref="BackgroundScheduler"/>). A failure requeues the key with
/// exponential backoff; a stale save (someone changed the row meanwhile) requeues it at once; errors are
/// caught per key, since one escaping a BackgroundService would stop the host.
/// </summary>
public sealed class ReconcileLoop<TKey>(
    string kind,
    WorkQueue<TKey> queue,
    IServiceScopeFactory scopes,
    Func<IServiceProvider, TKey, CancellationToken, Task<ReconcileResult>> reconcile,
    ILogger logger) where TKey : notnull
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Lock _failuresLock = new();

    public async Task RunAsync(int workers, CancellationToken stoppingToken)
    {
        using var scheduler = new BackgroundScheduler(kind, workers);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => scheduler.Run(() => WorkAsync(stoppingToken))));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TKey key;
            try
            {
                key = await queue.TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await reconcile(scope.ServiceProvider, key, stoppingToken);
                Forget(key);
                if (result.RequeueAfter is { } delay)
                {
                    queue.AddAfter(key, delay);
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone changed it meanwhile (a user's stop or cancel, say): look again at once.
                queue.AddAfter(key, TimeSpan.Zero);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = NextBackoff(key);
                ReconcileLog.Failed(logger, kind, key.ToString() ?? "", delay, e);
                queue.AddAfter(key, delay);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    private TimeSpan NextBackoff(TKey key)
    {
        lock (_failuresLock)
        {
            var failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
            var delay = FirstBackoff * Math.Pow(2, Math.Min(failures - 1, 10));
            return delay < MaxBackoff ? delay : MaxBackoff;
        }
    }

    private void Forget(TKey key)
    {
        lock (_failuresLock)
        {
            _failures.Remove(key);
        }
    }
}

/// <summary>The log lines of <see cref="ReconcileLoop{TKey}"/> (a generic type cannot hold generated log methods).</summary>
internal static partial class ReconcileLog
{
    [LoggerMessage(2101, LogLevel.Error, "Reconciling {Kind} {Key} failed; trying again in {Delay}")]
    public static partial void Failed(ILogger logger, string kind, string key, TimeSpan delay, Exception exception);
}
