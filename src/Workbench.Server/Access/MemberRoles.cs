using Workbench.Domain.Access;
using Workbench.Domain.Workspaces;
using Workbench.Server.Store;

namespace Workbench.Server.Access;

/// <summary>A caller's role in a workspace (<see cref="WorkspaceRoles.OfAsync"/>), read on every workspace call.</summary>
public sealed class MemberRoles(IServiceScopeFactory scopes, TimeProvider time) : IStoreReadCache
{
    /// <summary>
    /// How long a membership, role definition or workspace changed on another replica keeps its old
    /// meaning here. A change made through this server applies at once.
    /// </summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly StoreCache<(string Workspace, string UserName, bool IsAdmin), RoleDefinition> cache = new(time, TimeToLive);

    public Task<RoleDefinition?> OfAsync(string workspace, string userName, bool isAdmin, CancellationToken ct) =>
        cache.GetOrLoadAsync((workspace, userName, isAdmin), scopes, LoadAsync, ct);

    public IReadOnlyCollection<Type> EntityTypes { get; } = [typeof(WorkspaceMember), typeof(RoleDefinition), typeof(Workspace)];

    // A role definition reaches every member holding it; these writes are rare, so all goes.
    public void Forget(IReadOnlyList<object> changed) => cache.Clear();

    private static async Task<RoleDefinition?> LoadAsync(
        (string Workspace, string UserName, bool IsAdmin) key, IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        return await WorkspaceRoles.OfAsync(db, key.Workspace, key.UserName, key.IsAdmin, ct);
    }
}
