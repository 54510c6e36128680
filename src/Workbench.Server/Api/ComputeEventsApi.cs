using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Computes;
using Workbench.Server.Access;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>
/// GET /api/v1/workspaces/{workspace}/computes/{name}/events: what was done to a compute of this name (created,
/// started, stopped, changed, deleted), by whom and with what outcome, newest first. They are the audit log's
/// rows for the compute, so anyone who may read the compute sees its history without the right to read the
/// whole workspace's log.
/// </summary>
public static class ComputeEventsApi
{
    public const int MaxEvents = 200;

    public static IEndpointRouteBuilder MapComputeEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/workspaces/{workspace}/computes/{name}/events", ListAsync).RequireAction(WorkbenchActions.ComputesRead);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryResource>>, ValidationProblem>> ListAsync(
        string workspace, string name, WorkbenchDbContext db, CancellationToken ct, int top = 50)
    {
        if (top is < 1 or > MaxEvents)
        {
            return ApiProblems.Invalid("top", $"top is between 1 and {MaxEvents}; it is {top}.");
        }
        if (ComputeName.Validate(name) is { } error)
        {
            return ApiProblems.Invalid("name", error);
        }
        // A target is the call's path after /api/v1 as the caller spelled it: the compute itself, or one of
        // its actions (…/start); names are one compute whatever their case.
        var target = $"/workspaces/{workspace}/computes/{name}".ToLowerInvariant();
        var rows = await db.AuditLog.AsNoTracking()
            .Where(e => e.Workspace == workspace)
            .Where(e => e.Target.ToLower() == target || e.Target.ToLower().StartsWith(target + "/") || e.Target.ToLower().StartsWith(target + "?"))
            .OrderByDescending(e => e.Id)
            .Take(top)
            .ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<AuditEntryResource>>([.. rows.Select(AuditApi.ToResource)]);
    }
}
