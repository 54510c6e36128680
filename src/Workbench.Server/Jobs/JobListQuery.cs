using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>
/// A page of a workspace's jobs, newest first, of one compute and in one state where asked: each combination
/// has an index in that order (<see cref="WorkbenchDbContext"/>), so a page reads its rows and stops.
/// </summary>
public static class JobListQuery
{
    /// <param name="before">Keyset paging: the last job number of the previous page.</param>
    public static IQueryable<Job> Page(WorkbenchDbContext db, string workspace, string? computeKey, JobState? state, long? before, int take)
    {
        var query = db.Jobs.AsNoTracking().Where(j => j.Workspace == workspace);
        if (computeKey is not null)
        {
            query = query.Where(j => j.ComputeKey == computeKey);
        }
        if (state is { } only)
        {
            query = query.Where(j => j.State == only);
        }
        if (before is { } after)
        {
            query = query.Where(j => j.Id < after);
        }
        return query.OrderByDescending(j => j.Id).Take(take);
    }
}
