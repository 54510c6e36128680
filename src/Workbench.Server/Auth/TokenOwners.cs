using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Identity;
using Workbench.Server.Store;

namespace Workbench.Server.Auth;

/// <summary>Who an API token belongs to, by the token's hash (the token itself is never kept), read on every API call.</summary>
public sealed class TokenOwners(IServiceScopeFactory scopes, TimeProvider time) : IStoreReadCache
{
    /// <summary>
    /// How long a token revoked (or its user changed) on another replica keeps working here. A change
    /// made through this server applies at once.
    /// </summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly StoreCache<string, TokenOwner> cache = new(time, TimeToLive);

    public Task<TokenOwner?> FindAsync(string tokenHash, CancellationToken ct) => cache.GetOrLoadAsync(tokenHash, scopes, LoadAsync, ct);

    public IReadOnlyCollection<Type> EntityTypes { get; } = [typeof(ApiToken), typeof(User)];

    // Tokens and users change rarely; forgetting all is simpler than tracing a user to their hashes.
    public void Forget(IReadOnlyList<object> changed) => cache.Clear();

    private static async Task<TokenOwner?> LoadAsync(string hash, IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new TokenOwner(u.Name, u.IsAdmin))
            .FirstOrDefaultAsync(ct);
    }
}
