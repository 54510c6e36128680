using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Computes;
using Workbench.Server.Store;

namespace Workbench.Server.Proxy;

/// <summary>
/// The instances the proxy routes to, by workspace and name, read on every proxied request. Each is a
/// detached snapshot of the store's row: the proxy reads it and never changes it. Every save of an
/// instance by this server (the reconciler marking it Running or Stopped, an assignment to another
/// owner) drops its snapshot once committed, so a route is live as soon as the store says Running and
/// gone as soon as it does not.
/// </summary>
public sealed class AppRoutes(IServiceScopeFactory scopes, TimeProvider time) : IStoreReadCache
{
    /// <summary>
    /// How long an instance changed by another replica's reconciler or API keeps its old route here.
    /// Short, as a stopped app or a new owner should not wait long.
    /// </summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(2);

    private readonly StoreCache<(string Workspace, string NameKey), ComputeInstance> cache = new(time, TimeToLive);

    public Task<ComputeInstance?> FindAsync(string workspace, string name, CancellationToken ct) =>
        cache.GetOrLoadAsync((workspace, ComputeName.Key(name)), scopes, LoadAsync, ct);

    public IReadOnlyCollection<Type> EntityTypes { get; } = [typeof(ComputeInstance)];

    public void Forget(IReadOnlyList<object> changed)
    {
        foreach (var instance in changed.OfType<ComputeInstance>())
        {
            cache.Invalidate((instance.Workspace, instance.NameKey));
        }
    }

    private static async Task<ComputeInstance?> LoadAsync((string Workspace, string NameKey) key, IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        return await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Workspace == key.Workspace && i.NameKey == key.NameKey, ct);
    }
}
