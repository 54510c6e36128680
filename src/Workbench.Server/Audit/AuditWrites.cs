using Workbench.Domain.Audit;
using Workbench.Server.Store;

namespace Workbench.Server.Audit;

/// <summary>
/// Adds audit entries with <see cref="GroupCommit{TPending}"/>: the entries of the requests that end
/// together share one transaction, rather than one each beside every change they record.
/// </summary>
public sealed class AuditWrites(IServiceScopeFactory scopes) : GroupCommit<AuditWrites.Pending>
{
    /// <summary>Completes once the entry is committed.</summary>
    public Task AddAsync(AuditEntry entry)
    {
        var pending = new Pending(entry);
        Enqueue(pending);
        return pending.Stored.Task;
    }

    protected override async Task StoreAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        db.AuditLog.AddRange(batch.Select(p => p.Entry));
        await db.SaveChangesAsync();
        batch.ForEach(p => p.Stored.TrySetResult());
    }

    protected override void Fail(Pending pending, Exception exception) => pending.Stored.TrySetException(exception);

    public sealed record Pending(AuditEntry Entry)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
