using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Clusters;

/// <summary>
/// Runs the cluster reconciler: workers take clusters from the queue, each pass in its own scope, and every
/// cluster is looked at again periodically and on start, which is how a restarted server re-adopts its nodes.
/// </summary>
public sealed partial class ClusterController(
    ClusterQueue queue,
    IServiceScopeFactory scopes,
    IOptions<WorkbenchOptions> options,
    TimeProvider time,
    ILogger<ClusterController> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loop = new ReconcileLoop<Jobs.TargetKey>("cluster", queue.Queue, scopes,
            (services, key, ct) => services.GetRequiredService<ClusterReconciler>().ReconcileAsync(key, ct), logger);
        var resync = PeriodicResync.RunAsync(options.Value.ResyncInterval, time, EnqueueAllAsync, e => Log.ResyncFailed(logger, e), stoppingToken);
        await Task.WhenAll(resync, loop.RunAsync(options.Value.ReconcileWorkers, stoppingToken));
    }

    private async Task EnqueueAllAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        var clusters = await db.Clusters.AsNoTracking().ToListAsync(stoppingToken);
        clusters.ForEach(c => queue.Enqueue(ClusterQueue.KeyOf(c)));
    }

    private static partial class Log
    {
        [LoggerMessage(2406, LogLevel.Error, "Listing clusters to resync failed")]
        public static partial void ResyncFailed(ILogger logger, Exception exception);
    }
}
