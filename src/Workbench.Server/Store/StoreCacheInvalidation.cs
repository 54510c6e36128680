using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workbench.Server.Store;

/// <summary>
/// Tells the <see cref="IStoreReadCache"/>s what each SaveChanges of this server changed, once it is
/// committed: at once for a save in its own transaction, at the commit for a save inside an explicit one
/// (before it, another request could still read the old rows and cache them again).
/// Bulk ExecuteUpdate/ExecuteDelete bypass SaveChanges and so these caches: write cached entities
/// through tracked changes.
/// </summary>
public sealed class StoreCacheInvalidation(IEnumerable<IStoreReadCache> caches) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly IStoreReadCache[] caches = [.. caches];
    private readonly HashSet<Type> watched = [.. caches.SelectMany(cache => cache.EntityTypes)];
    private readonly ConditionalWeakTable<DbContext, List<object>> saving = new();
    private readonly ConditionalWeakTable<DbTransaction, List<object>> uncommitted = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The entities of the kinds the caches hold that this save writes. Only their changes are detected here:
    /// SaveChanges detects every entity's right after, and a second pass over all of them (a job's, say, on each
    /// of its state changes) cost more than the caches' checks.
    /// </summary>
    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            List<object> changed = [];
            foreach (var entry in tracker.Entries())
            {
                if (!watched.Contains(entry.Entity.GetType()))
                {
                    continue;
                }
                if (detect)
                {
                    entry.DetectChanges();
                }
                if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                {
                    changed.Add(entry.Entity);
                }
            }
            saving.AddOrUpdate(context, changed);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !saving.TryGetValue(context, out var changed))
        {
            return;
        }
        saving.Remove(context);
        if (context.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            uncommitted.GetOrCreateValue(transaction).AddRange(changed);
            return;
        }
        Forget(changed);
    }

    private void Committed(DbTransaction transaction)
    {
        if (uncommitted.TryGetValue(transaction, out var changed))
        {
            uncommitted.Remove(transaction);
            Forget(changed);
        }
    }

    private void Forget(List<object> changed)
    {
        if (changed.Count == 0)
        {
            return;
        }
        foreach (var cache in caches)
        {
            List<object> its = [.. changed.Where(entity => cache.EntityTypes.Contains(entity.GetType()))];
            if (its.Count > 0)
            {
                cache.Forget(its);
            }
        }
    }
}
