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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loop = new ReconcileLoop<Guid>("instance", queue.Queue, scopes,
            (services, id, ct) => services.GetRequiredService<InstanceReconciler>().ReconcileAsync(id, ct), logger);
        var resync = PeriodicResync.RunAsync(options.Value.ResyncInterval, time, EnqueueLiveInstancesAsync, e => Log.ResyncFailed(logger, e), stoppingToken);
        await Task.WhenAll(resync, loop.RunAsync(options.Value.ReconcileWorkers, stoppingToken));
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

    private static partial class Log
    {
        [LoggerMessage(2102, LogLevel.Error, "Listing instances to resync failed")]
        public static partial void ResyncFailed(ILogger logger, Exception exception);
    }
}
