using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>How many jobs each compute runs and has queued, in one grouped query for a page of computes.</summary>
public static class JobCountsQuery
{
    public static readonly JobCounts None = new(0, 0);

    public static async Task<IReadOnlyDictionary<string, JobCounts>> ForAsync(
        WorkbenchDbContext db, string workspace, IReadOnlyCollection<string> computeKeys, CancellationToken cancellationToken)
    {
        var rows = await db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && computeKeys.Contains(j.ComputeKey)
                && (j.State == JobState.Queued || j.State == JobState.Starting || j.State == JobState.Running))
            .GroupBy(j => new { j.ComputeKey, Queued = j.State == JobState.Queued })
            .Select(g => new { g.Key.ComputeKey, g.Key.Queued, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ComputeKey).ToDictionary(
            g => g.Key,
            g => new JobCounts(g.Where(r => !r.Queued).Sum(r => r.Count), g.Where(r => r.Queued).Sum(r => r.Count)));
    }
}
