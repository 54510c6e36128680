using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Jobs;
using Workbench.Server.Clusters;
using Workbench.Server.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Reconcile;

/// <summary>
/// Runs the job side: workers that pass over compute queues (assigning slots), workers that reconcile
/// jobs (launching, watching, ending them), and a resync that looks at every job not yet ended, and
/// every queue with jobs waiting, on start and periodically. On start that is how a restarted server
/// re-adopts running jobs, collects the exit codes of those that ended while it was down, and starts
/// the queued ones.
/// </summary>
public sealed partial class JobController(
    JobQueue jobs,
    DispatchQueue dispatch,
    ClusterQueue clusters,
    CodeStore code,
    IServiceScopeFactory scopes,
    IOptions<WorkbenchOptions> options,
    TimeProvider time,
    ILogger<JobController> logger) : BackgroundService
{
    /// <summary>Passes over different computes' queues run side by side; one compute's passes never do.</summary>
    private const int DispatchWorkers = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var jobLoop = new ReconcileLoop<long>("job", jobs.Queue, scopes,
            (services, id, ct) => services.GetRequiredService<JobReconciler>().ReconcileAsync(id, ct), logger);
        var dispatchLoop = new ReconcileLoop<TargetKey>("queue", dispatch.Queue, scopes, DispatchAsync, logger);
        var resync = PeriodicResync.RunAsync(options.Value.ResyncInterval, time, EnqueueUnfinishedAsync, e => Log.ResyncFailed(logger, e), stoppingToken);
        await Task.WhenAll(resync, jobLoop.RunAsync(options.Value.ReconcileWorkers, stoppingToken), dispatchLoop.RunAsync(DispatchWorkers, stoppingToken));
    }

    /// <summary>An instance's queue gets a pass; a cluster gives whole nodes, which its own reconciler hands out with the rest of its state.</summary>
    private Task<ReconcileResult> DispatchAsync(IServiceProvider services, TargetKey key, CancellationToken ct)
    {
        if (key.Kind is TargetKind.Cluster)
        {
            clusters.Enqueue(key);
            return Task.FromResult(ReconcileResult.Done);
        }
        return services.GetRequiredService<JobDispatcher>().ReconcileAsync(key, ct);
    }

    private async Task EnqueueUnfinishedAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        var unfinished = await db.Jobs.AsNoTracking()
            .Where(j => j.State == JobState.Starting || j.State == JobState.Running)
            .Select(j => j.Id)
            .ToListAsync(stoppingToken);
        unfinished.ForEach(jobs.Enqueue);
        var waiting = await db.Jobs.AsNoTracking()
            .Where(j => j.State == JobState.Queued)
            .Select(j => new { j.Workspace, j.TargetKind, j.ComputeKey })
            .Distinct()
            .ToListAsync(stoppingToken);
        waiting.ForEach(w => dispatch.Enqueue(new TargetKey(w.Workspace, w.TargetKind, w.ComputeKey)));
        code.DeleteStale();
    }

    private static partial class Log
    {
        [LoggerMessage(2203, LogLevel.Error, "Listing jobs to resync failed")]
        public static partial void ResyncFailed(ILogger logger, Exception exception);
    }
}
