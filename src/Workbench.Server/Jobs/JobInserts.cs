using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>
/// Stores submitted jobs with <see cref="GroupCommit{TPending}"/>: one transaction for the submits that
/// arrive together, each answered once its batch is committed, so an accepted job is never lost. Two
/// submits of one name in a batch: the first is stored; the other learns the name is taken.
/// </summary>
public sealed class JobInserts(IServiceScopeFactory scopes) : GroupCommit<JobInserts.Pending>
{
    /// <summary>
    /// The job as stored (its number given), or null when its name was taken meanwhile. The job is made
    /// by <paramref name="make"/>, anew for each try, so a failed batch leaves nothing behind in it.
    /// </summary>
    public Task<Job?> InsertAsync(Func<Job> make, CancellationToken cancellationToken)
    {
        var pending = new Pending(make);
        Enqueue(pending);
        return pending.Stored.Task.WaitAsync(cancellationToken);
    }

    protected override void Fail(Pending pending, Exception exception) => pending.Stored.TrySetException(exception);

    protected override async Task StoreAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        var made = batch.Select(p => (Pending: p, Job: p.Make())).ToList();
        var firsts = made.GroupBy(m => (m.Job.Workspace, m.Job.NameKey)).Select(g => g.First()).ToList();
        db.Jobs.AddRange(firsts.Select(f => f.Job));
        try
        {
            await db.SaveChangesAsync();
            firsts.ForEach(f => f.Pending.Stored.TrySetResult(f.Job));
        }
        catch (DbUpdateException)
        {
            // A name was taken by a job stored meanwhile (by another server, say): one by one, to tell which.
            db.ChangeTracker.Clear();
            await StoreOneByOneAsync(db, firsts.Select(f => f.Pending));
        }
        // Answered once the job of their name is stored, so they find it.
        foreach (var (pending, _) in made.Except(firsts))
        {
            pending.Stored.TrySetResult(null);
        }
    }

    private static async Task StoreOneByOneAsync(WorkbenchDbContext db, IEnumerable<Pending> batch)
    {
        foreach (var pending in batch)
        {
            var job = pending.Make();
            db.Jobs.Add(job);
            try
            {
                await db.SaveChangesAsync();
                pending.Stored.TrySetResult(job);
            }
            catch (DbUpdateException)
            {
                pending.Stored.TrySetResult(null);
            }
            db.ChangeTracker.Clear();
        }
    }

    public sealed record Pending(Func<Job> Make)
    {
        public TaskCompletionSource<Job?> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
