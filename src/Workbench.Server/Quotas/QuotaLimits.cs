using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Server.Store;

namespace Workbench.Server.Quotas;

/// <summary>A workspace's vCPU limits: the configured defaults, overridden by what the workspace set.</summary>
public sealed class QuotaLimits(IOptions<QuotaOptions> options)
{
    public async Task<Dictionary<string, int>> OfAsync(WorkbenchDbContext db, string workspace, CancellationToken ct)
    {
        var limits = new Dictionary<string, int>(options.Value.Defaults, StringComparer.Ordinal);
        foreach (var quota in await db.Quotas.AsNoTracking().Where(q => q.Workspace == workspace).ToListAsync(ct))
        {
            limits[quota.Family] = quota.VCpus;
        }
        return limits;
    }
}
