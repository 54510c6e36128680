using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Quotas;
using Workbench.Server.Access;
using Workbench.Server.Catalog;
using Workbench.Server.Quotas;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>/api/v1/workspaces/{workspace}/quotas: vCPU limits per VM family and in total, and what is used of them.</summary>
public static class QuotaApi
{
    public static IEndpointRouteBuilder MapQuotaApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces/{workspace}/quotas");
        group.MapGet("/", ListAsync).RequireAction(WorkbenchActions.QuotasRead);
        group.MapPut("/{family}", SetAsync).RequireAction(WorkbenchActions.QuotasWrite);
        return app;
    }

    /// <summary>Used and limit for every family of the size catalog, then the total, as `az ml list-usage` shows them.</summary>
    private static async Task<Ok<Page<QuotaResource>>> ListAsync(
        string workspace, WorkbenchDbContext db, SizeCatalog sizes, QuotaLimits limits, QuotaAdmission admission, CancellationToken ct)
    {
        var releaseOnStop = await db.Workspaces.Where(w => w.Name == workspace).Select(w => w.ReleaseQuotaOnStop).FirstAsync(ct);
        var usage = await admission.UsageAsync(db, workspace, releaseOnStop, ct);
        var workspaceLimits = await limits.OfAsync(db, workspace, ct);
        var families = sizes.All.Select(s => s.Family).Concat(usage.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var lines = families
            .Select(f => new QuotaResource(f, usage.GetValueOrDefault(f), workspaceLimits.TryGetValue(f, out var limit) ? limit : null))
            .Append(new QuotaResource(WorkspaceQuota.Total, usage.Values.Sum(), workspaceLimits.TryGetValue(WorkspaceQuota.Total, out var total) ? total : null));
        return TypedResults.Ok(new Page<QuotaResource>([.. lines], null));
    }

    /// <summary>
    /// Sets the workspace's own limit for a family (or "total"); null vCPUs go back to the server's default.
    /// Answers with the whole usage list. Instances already admitted keep running under a lowered limit.
    /// </summary>
    private static async Task<Results<Ok<Page<QuotaResource>>, ValidationProblem>> SetAsync(
        string workspace, string family, SetQuotaRequest? body, WorkbenchDbContext db, SizeCatalog sizes, QuotaLimits limits, QuotaAdmission admission, CancellationToken ct)
    {
        if (family != WorkspaceQuota.Total && !sizes.All.Any(s => s.Family == family))
        {
            return ApiProblems.Invalid("family",
                $"Unknown VM family '{family}'. Families: {string.Join(", ", sizes.All.Select(s => s.Family).Distinct())}, or '{WorkspaceQuota.Total}' for all together.");
        }
        if (body is null || body.VCpus is < 0)
        {
            return ApiProblems.Invalid("vCpus", "Give 'vCpus': 0 or more, or null to go back to the server's default.");
        }
        var quota = await db.Quotas.FirstOrDefaultAsync(q => q.Workspace == workspace && q.Family == family, ct);
        switch (body.VCpus, quota)
        {
            case (null, not null):
                db.Quotas.Remove(quota);
                break;
            case ({ } vCpus, null):
                db.Quotas.Add(new WorkspaceQuota(workspace, family, vCpus));
                break;
            case ({ } vCpus, not null):
                quota.Change(vCpus);
                break;
        }
        await db.SaveChangesAsync(ct);
        return await ListAsync(workspace, db, sizes, limits, admission, ct);
    }
}
