using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Clusters;
using Workbench.Domain.Computes;
using Workbench.Domain.Jobs;
using Workbench.Server.Access;
using Workbench.Server.Clusters;
using Workbench.Server.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>
/// /api/v1/workspaces/{workspace}/clusters: records what users want of their clusters; the cluster
/// reconciler makes nodes appear and leave. Nothing here waits on a driver.
/// </summary>
public static class ClusterApi
{
    private const int ConcurrencyRetries = 5;

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces/{workspace}/clusters");
        group.MapPut("/{name}", PutAsync).RequireAction(WorkbenchActions.ClustersWrite);
        group.MapGet("/{name}", GetAsync).RequireAction(WorkbenchActions.ClustersRead);
        group.MapGet("/", ListAsync).RequireAction(WorkbenchActions.ClustersRead);
        group.MapDelete("/{name}", DeleteAsync).RequireAction(WorkbenchActions.ClustersDelete);
        return app;
    }

    private static async Task<Results<Created<ClusterResource>, Ok<ClusterResource>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string workspace, string name, ClusterRequest? body, CallerAccess access, ClusterRequestCheck check,
        WorkbenchDbContext db, ClusterQueue queue, TimeProvider time, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", "The body must be a JSON object with at least 'size' and 'maxNodes'.");
        }
        var existing = await FindAsync(db, workspace, name, ct);
        if (existing is not null)
        {
            return await UpdateAsync(existing, body, check, db, queue, time, ct);
        }
        var (cluster, errors) = await check.NewAsync(workspace, name, body, access.UserName, ct);
        if (cluster is null)
        {
            return ApiProblems.Invalid(errors);
        }
        db.Clusters.Add(cluster);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent create of the same name won the unique index: this PUT is an update of it.
            db.ChangeTracker.Clear();
            existing = await FindAsync(db, workspace, name, ct) ?? throw new InvalidOperationException($"Cluster '{name}' could not be stored.");
            return await UpdateAsync(existing, body, check, db, queue, time, ct);
        }
        queue.Enqueue(ClusterQueue.KeyOf(cluster));
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/clusters/{cluster.Name}", await cluster.ToResourceAsync(db, ct));
    }

    private static async Task<Results<Created<ClusterResource>, Ok<ClusterResource>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Cluster cluster, ClusterRequest body, ClusterRequestCheck check, WorkbenchDbContext db, ClusterQueue queue, TimeProvider time, CancellationToken ct)
    {
        if (cluster.Deleting)
        {
            return ApiProblems.Conflict("Cluster is being deleted", $"'{cluster.Name}' is being deleted; create it again once it is gone.");
        }
        if (check.Fixed(cluster, body) is { } fixedField)
        {
            return ApiProblems.Conflict("Cluster field cannot change", fixedField);
        }
        var (scale, errors) = check.Rescaled(cluster, body);
        if (scale is null)
        {
            return ApiProblems.Invalid(errors);
        }
        if (await SaveAsync(db, cluster, c => c.Rescale(scale, time.GetUtcNow()), ct) is not { } changed)
        {
            return NoSuchCluster(cluster.Workspace, cluster.Name);
        }
        queue.Enqueue(ClusterQueue.KeyOf(changed));
        return TypedResults.Ok(await changed.ToResourceAsync(db, ct));
    }

    private static async Task<Results<Ok<ClusterResource>, ProblemHttpResult>> GetAsync(
        string workspace, string name, WorkbenchDbContext db, CancellationToken ct)
    {
        var cluster = await FindAsync(db, workspace, name, ct);
        return cluster is null ? NoSuchCluster(workspace, name) : TypedResults.Ok(await cluster.ToResourceAsync(db, ct));
    }

    private static async Task<Ok<Page<ClusterResource>>> ListAsync(string workspace, WorkbenchDbContext db, CancellationToken ct)
    {
        var clusters = await db.Clusters.AsNoTracking().Where(c => c.Workspace == workspace).OrderBy(c => c.NameKey).ToListAsync(ct);
        var resources = new List<ClusterResource>(clusters.Count);
        foreach (var cluster in clusters)
        {
            resources.Add(await cluster.ToResourceAsync(db, ct));
        }
        return TypedResults.Ok(new Page<ClusterResource>(resources, null));
    }

    /// <summary>
    /// Refused while the cluster has jobs not yet ended (a delete never kills anyone's work); otherwise its
    /// nodes leave and their quota is released, then the cluster goes.
    /// </summary>
    private static async Task<Results<Accepted<ClusterResource>, ProblemHttpResult>> DeleteAsync(
        string workspace, string name, WorkbenchDbContext db, ClusterQueue queue, TimeProvider time, CancellationToken ct)
    {
        var cluster = await FindAsync(db, workspace, name, ct);
        if (cluster is null)
        {
            return NoSuchCluster(workspace, name);
        }
        var unfinished = await db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && j.TargetKind == TargetKind.Cluster && j.ComputeKey == cluster.NameKey
                && (j.State == JobState.Queued || j.State == JobState.Starting || j.State == JobState.Running))
            .OrderBy(j => j.Id).Select(j => j.Name).Take(5).ToListAsync(ct);
        if (unfinished.Count > 0)
        {
            return ApiProblems.Conflict("Cluster has jobs",
                $"'{cluster.Name}' has jobs that have not ended ({string.Join(", ", unfinished)}); cancel them or let them end, then delete it.");
        }
        if (await SaveAsync(db, cluster, c => c.Delete(time.GetUtcNow()), ct) is not { } deleting)
        {
            return NoSuchCluster(workspace, name);
        }
        queue.Enqueue(ClusterQueue.KeyOf(deleting));
        return TypedResults.Accepted($"/api/v1/workspaces/{workspace}/clusters/{deleting.Name}", await deleting.ToResourceAsync(db, ct));
    }

    /// <summary>
    /// Makes the change and saves it; when the reconciler saved the cluster meanwhile (a new reason why
    /// scale-out waits, say), makes it again on the fresh row. Null when the cluster went meanwhile.
    /// </summary>
    private static async Task<Cluster?> SaveAsync(WorkbenchDbContext db, Cluster cluster, Action<Cluster> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            change(cluster);
            try
            {
                await db.SaveChangesAsync(ct);
                return cluster;
            }
            catch (DbUpdateConcurrencyException) when (attempt < ConcurrencyRetries)
            {
                db.ChangeTracker.Clear();
                if (await FindAsync(db, cluster.Workspace, cluster.Name, ct) is not { } fresh)
                {
                    return null;
                }
                cluster = fresh;
            }
        }
    }

    private static ProblemHttpResult NoSuchCluster(string workspace, string name) =>
        ApiProblems.NotFound($"There is no cluster named '{name}' in workspace '{workspace}'.");

    private static Task<Cluster?> FindAsync(WorkbenchDbContext db, string workspace, string name, CancellationToken ct) =>
        ByName.For(db)(db, workspace, ComputeName.Key(name), ct);

    // Compiled once: clients poll a cluster while its jobs run.
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, CancellationToken, Task<Cluster?>>> ByName = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string key, CancellationToken _) => db.Clusters.FirstOrDefault(c => c.Workspace == workspace && c.NameKey == key)));
}
