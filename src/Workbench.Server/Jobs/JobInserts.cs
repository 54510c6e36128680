using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>
/// Stores submitted jobs with group commit: the submits that arrive while one batch is being written
/// go together into the next, one transaction (so one flush to disk) for all of them, as databases do
/// for their log. A submit is answered only once its batch is committed, so an accepted job is never
/// lost. Two submits of one name in a batch: the first is stored; the other learns the name is taken.
/// </summary>
public sealed class JobInserts : IDisposable
{
    private const int MaxBatch = 256;
    private readonly IServiceScopeFactory _scopes;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public JobInserts(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>
    /// The job as stored (its number given), or null when its name was taken meanwhile. The job is made
    /// by <paramref name="make"/>, anew for each try, so a failed batch leaves nothing behind in it.
    /// </summary>
    public Task<Job?> InsertAsync(Func<Job> make, CancellationToken cancellationToken)
    {
        var pending = new Pending(make);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(JobInserts));
        }
        return pending.Stored.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            try
            {
                await StoreAsync(batch);
            }
            catch (Exception e)
            {
                batch.ForEach(p => p.Stored.TrySetException(e));
            }
        }
    }

    private async Task StoreAsync(List<Pending> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
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

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
    }

    private sealed record Pending(Func<Job> Make)
    {
        public TaskCompletionSource<Job?> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
