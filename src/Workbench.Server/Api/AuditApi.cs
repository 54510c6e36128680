using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Audit;
using Workbench.Server.Access;
using Workbench.Server.Auth;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>
/// The audit log, newest first: all of it at /api/v1/audit for platform admins, one workspace's at
/// /api/v1/workspaces/{workspace}/audit for a role with audit/read there. Read-only: rows are only ever added.
/// </summary>
public static class AuditApi
{
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", ListAllAsync);
        app.MapGet("/api/v1/workspaces/{workspace}/audit", ListWorkspaceAsync).RequireAction(WorkbenchActions.AuditRead);
        return app;
    }

    private static Task<Results<Ok<Page<AuditEntryResource>>, ValidationProblem, ProblemHttpResult>> ListAllAsync(
        ClaimsPrincipal caller, WorkbenchDbContext db, CancellationToken ct, string? user = null, string? action = null, string? since = null, int top = 100, long? skipToken = null) =>
        caller.IsAdmin()
            ? ListAsync(db, null, user, action, since, top, skipToken, ct)
            : Task.FromResult<Results<Ok<Page<AuditEntryResource>>, ValidationProblem, ProblemHttpResult>>(
                ApiProblems.Denied(WorkbenchActions.AuditRead, "Only a platform admin reads the whole audit log; read a workspace's at /api/v1/workspaces/{workspace}/audit."));

    private static Task<Results<Ok<Page<AuditEntryResource>>, ValidationProblem, ProblemHttpResult>> ListWorkspaceAsync(
        string workspace, WorkbenchDbContext db, CancellationToken ct, string? user = null, string? action = null, string? since = null, int top = 100, long? skipToken = null) =>
        ListAsync(db, workspace, user, action, since, top, skipToken, ct);

    private static async Task<Results<Ok<Page<AuditEntryResource>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        WorkbenchDbContext db, string? workspace, string? user, string? action, string? since, int top, long? skipToken, CancellationToken ct)
    {
        if (top is < 1 or > MaxPageSize)
        {
            return ApiProblems.Invalid("top", $"top is between 1 and {MaxPageSize}; it is {top}.");
        }
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiProblems.Invalid("since", $"'{since}' is not a time; use ISO 8601, such as 2026-11-26T12:00:00Z.");
            }
            from = parsed.ToUniversalTime();
        }
        var query = db.AuditLog.AsNoTracking();
        if (workspace is not null)
        {
            query = query.Where(e => e.Workspace == workspace);
        }
        if (user is not null)
        {
            query = query.Where(e => e.Actor == user);
        }
        if (action is not null)
        {
            query = query.Where(e => e.Action == action);
        }
        if (from is { } start)
        {
            query = query.Where(e => e.At >= start);
        }
        if (skipToken is { } before)
        {
            query = query.Where(e => e.Id < before);
        }
        var rows = await query.OrderByDescending(e => e.Id).Take(top + 1).ToListAsync(ct);
        var next = rows.Count > top ? NextLink(workspace, user, action, since, top, rows[top - 1].Id) : null;
        return TypedResults.Ok(new Page<AuditEntryResource>([.. rows.Take(top).Select(ToResource)], next));
    }

    private static string NextLink(string? workspace, string? user, string? action, string? since, int top, long lastId)
    {
        var path = workspace is null ? "/api/v1/audit" : $"/api/v1/workspaces/{Uri.EscapeDataString(workspace)}/audit";
        var query = new[] { ("user", user), ("action", action), ("since", since) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
            .Append($"top={top}")
            .Append($"skipToken={lastId}");
        return $"{path}?{string.Join('&', query)}";
    }

    internal static AuditEntryResource ToResource(AuditEntry entry) => new(
        entry.Id, entry.At, entry.Actor, entry.Action, entry.Workspace, entry.Target, entry.Status,
        entry.ChangedFields.Length == 0 ? [] : entry.ChangedFields.Split(','));
}
