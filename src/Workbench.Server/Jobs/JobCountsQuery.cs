using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>
/// How many jobs each compute runs and has waiting, in one grouped query for a page of computes, or for one. A job is
/// running once its process runs (state Running); one starting, or handed to its compute and waiting there for a
/// slot (an instance's job agent, a Slurm queue), counts as queued: it does not run yet.
/// </summary>
public static class JobCountsQuery
{
    public static readonly JobCounts None = new(0, 0);

    /// <summary>The jobs counted: queued, starting or running.</summary>
    private static readonly Expression<Func<Job, bool>> Unfinished =
        j => j.State == JobState.Queued || j.State == JobState.Starting || j.State == JobState.Running;

    public static async Task<IReadOnlyDictionary<string, JobCounts>> ForAsync(
        WorkbenchDbContext db, string workspace, IReadOnlyCollection<string> computeKeys, CancellationToken cancellationToken)
    {
        var rows = await db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && computeKeys.Contains(j.ComputeKey))
            .Where(Unfinished)
            .GroupBy(j => new { j.ComputeKey, Queued = j.State != JobState.Running })
            .Select(g => new { g.Key.ComputeKey, Row = new CountRow(g.Key.Queued, g.Count()) })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ComputeKey).ToDictionary(g => g.Key, g => Counts(g.Select(r => r.Row)));
    }

    /// <summary>One compute's counts, with a query compiled once: clients poll a compute while its jobs run.</summary>
    public static async Task<JobCounts> ForOneAsync(WorkbenchDbContext db, string workspace, string computeKey, CancellationToken cancellationToken) =>
        Counts(await OfOne.For(db)(db, workspace, computeKey).ToListAsync(cancellationToken));

    private static JobCounts Counts(IEnumerable<CountRow> rows)
    {
        var all = rows.ToList();
        return new JobCounts(all.Where(r => !r.Queued).Sum(r => r.Count), all.Where(r => r.Queued).Sum(r => r.Count));
    }

    private sealed record CountRow(bool Queued, int Count);

    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, IAsyncEnumerable<CountRow>>> OfOne = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string computeKey) => db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && j.ComputeKey == computeKey)
            .Where(Unfinished)
            .GroupBy(j => j.State != JobState.Running)
            .Select(g => new CountRow(g.Key, g.Count()))));
}
