using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Computes;
using Workbench.Server.Access;
using Workbench.Domain.Jobs;
using Workbench.Server.Auth;
using Workbench.Server.Jobs;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>
/// /api/v1/workspaces/{workspace}/jobs: submit (here: record and queue), list, show and cancel jobs,
/// follow their logs, fetch their outputs. The queue and the reconciler do the rest; nothing here waits
/// on a driver.
/// </summary>
public static partial class JobApi
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private const int ConcurrencyRetries = 5;

    public static IEndpointRouteBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces/{workspace}/jobs");
        group.MapPut("/{name}", PutAsync).RequireAction(WorkbenchActions.JobsWrite);
        group.MapPost("/", PostAsync).RequireAction(WorkbenchActions.JobsWrite);
        group.MapGet("/", ListAsync).RequireAction(WorkbenchActions.JobsRead);
        group.MapGet("/{name}", GetAsync).RequireAction(WorkbenchActions.JobsRead);
        group.MapPost("/{name}/cancel", CancelAsync).RequireAction(WorkbenchActions.JobsWrite);
        group.MapGet("/{name}/logs/{stream}", LogAsync).RequireAction(WorkbenchActions.JobsRead);
        group.MapGet("/{name}/outputs", ListOutputsAsync).RequireAction(WorkbenchActions.JobsRead);
        group.MapGet("/{name}/outputs/{output}/{**path}", OutputFileAsync).RequireAction(WorkbenchActions.JobsRead);
        return app;
    }

    private static async Task<Results<Ok<JobResource>, ProblemHttpResult>> GetAsync(string workspace, string name, WorkbenchDbContext db, CancellationToken ct)
    {
        var job = await FindAsync(db, workspace, name, ct, tracked: false);
        return job is null ? NoSuchJob(workspace, name) : TypedResults.Ok(job.ToResource());
    }

    private static async Task<Results<Ok<Page<JobResource>>, ValidationProblem>> ListAsync(
        string workspace, WorkbenchDbContext db, CancellationToken ct,
        string? compute = null, string? state = null, int top = DefaultPageSize, long? skipToken = null)
    {
        if (top is < 1 or > MaxPageSize)
        {
            return ApiProblems.Invalid("top", $"top is between 1 and {MaxPageSize}; it is {top}.");
        }
        JobState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblems.Invalid("state", $"'{state}' is not a job state; states: {string.Join(", ", Enum.GetNames<JobState>())}.");
            }
            wanted = parsed;
        }
        var rows = await JobListQuery.Page(db, workspace, compute is null ? null : ComputeName.Key(compute), wanted, skipToken, top + 1).ToListAsync(ct);
        var next = rows.Count > top ? NextLink(workspace, compute, state, top, rows[top - 1].Id) : null;
        return TypedResults.Ok(new Page<JobResource>([.. rows.Take(top).Select(j => j.ToResource())], next));
    }

    private static string NextLink(string workspace, string? compute, string? state, int top, long last)
    {
        var link = $"/api/v1/workspaces/{Uri.EscapeDataString(workspace)}/jobs?top={top}&skipToken={last.ToString(CultureInfo.InvariantCulture)}";
        link += compute is null ? "" : $"&compute={Uri.EscapeDataString(compute)}";
        return link + (state is null ? "" : $"&state={Uri.EscapeDataString(state)}");
    }

    /// <summary>A queued job ends at once; a running one is killed by its reconciler (202 either way).</summary>
    private static async Task<Results<Accepted<JobResource>, ProblemHttpResult>> CancelAsync(
        string workspace, string name, ClaimsPrincipal caller, WorkbenchDbContext db, JobQueue jobs, TimeProvider time, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var job = await FindAsync(db, workspace, name, ct);
            if (job is null)
            {
                return NoSuchJob(workspace, name);
            }
            if (!caller.IsAdmin() && job.SubmittedBy != caller.UserName())
            {
                return ApiProblems.Forbidden($"Only its submitter ({job.SubmittedBy}) or an admin may cancel job '{job.Name}'.");
            }
            job.Cancel(time.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                jobs.Enqueue(job.Id);
                return TypedResults.Accepted($"/api/v1/workspaces/{workspace}/jobs/{job.Name}", job.ToResource());
            }
            catch (DbUpdateConcurrencyException) when (attempt < ConcurrencyRetries)
            {
                // The queue or the reconciler moved it meanwhile; decide again on its fresh state.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static ProblemHttpResult NoSuchJob(string workspace, string name) =>
        ApiProblems.NotFound($"There is no job named '{name}' in workspace '{workspace}'.");

    private static Task<Job?> FindAsync(WorkbenchDbContext db, string workspace, string name, CancellationToken ct, bool tracked = true)
    {
        var key = JobName.Key(name);
        var set = tracked ? db.Jobs : db.Jobs.AsNoTracking();
        return set.FirstOrDefaultAsync(j => j.Workspace == workspace && j.NameKey == key, ct);
    }
}
