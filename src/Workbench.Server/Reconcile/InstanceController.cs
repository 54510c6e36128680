using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Computes;
using Workbench.Server.Store;

namespace Workbench.Server.Reconcile;

/// <summary>
/// Runs the instance reconciler: a few workers take keys from the queue, each reconcile in its own
/// scope; failures requeue with exponential backoff; every live instance is looked at again
/// periodically, and all of them on start, which is how a restarted server re-adopts its instances.
/// </summary>
public sealed partial class InstanceController(
    InstanceQueue queue,
    IServiceScopeFactory scopes,
    IOptions<WorkbenchOptions> options,
    TimeProvider time,
    ILogger<InstanceController> logger) : BackgroundService
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Dictionary<Guid, int> _failures = [];
    private readonly Lock _failuresLock = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, options.Value.ReconcileWorkers).Select(_ => WorkAsync(stoppingToken));
        await Task.WhenAll([ResyncAsync(stoppingToken), .. workers]);
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ResyncInterval, time);
        do
        {
            try
            {
                await EnqueueLiveInstancesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ResyncFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task EnqueueLiveInstancesAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        var ids = await db.Instances.AsNoTracking()
            .Where(i => i.State != InstanceState.Stopped && i.State != InstanceState.Failed)
            .Select(i => i.Id)
            .ToListAsync(stoppingToken);
        ids.ForEach(queue.Enqueue);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Guid id;
            try
            {
                id = await queue.Queue.TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var reconciler = scope.ServiceProvider.GetRequiredService<InstanceReconciler>();
                var result = await reconciler.ReconcileAsync(id, stoppingToken);
                Forget(id);
                if (result.RequeueAfter is { } delay)
                {
                    queue.Queue.AddAfter(id, delay);
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone changed the instance meanwhile (a user's stop, say): look again at once.
                queue.Queue.AddAfter(id, TimeSpan.Zero);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = NextBackoff(id);
                Log.ReconcileFailed(logger, id, delay, e);
                queue.Queue.AddAfter(id, delay);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                queue.Queue.Done(id);
            }
        }
    }

    private TimeSpan NextBackoff(Guid id)
    {
        lock (_failuresLock)
        {
            var failures = _failures[id] = _failures.GetValueOrDefault(id) + 1;
            var delay = FirstBackoff * Math.Pow(2, Math.Min(failures - 1, 10));
            return delay < MaxBackoff ? delay : MaxBackoff;
        }
    }

    private void Forget(Guid id)
    {
        lock (_failuresLock)
        {
            _failures.Remove(id);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Error, "Reconciling instance {InstanceId} failed; trying again in {Delay}")]
        public static partial void ReconcileFailed(ILogger logger, Guid instanceId, TimeSpan delay, Exception exception);

        [LoggerMessage(2102, LogLevel.Error, "Listing instances to resync failed")]
        public static partial void ResyncFailed(ILogger logger, Exception exception);
    }
}
