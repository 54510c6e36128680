using Microsoft.Extensions.Time.Testing;
using Workbench.Server.Store;

namespace Workbench.Server.Tests.Store;

/// <summary>The in-memory cache of store reads: kept for its time to live, dropped on invalidation, never kept when a write overlapped the read.</summary>
public sealed class StoreCacheTests
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly StoreCache<string, string> _cache;
    private int _loads;

    public StoreCacheTests() => _cache = new StoreCache<string, string>(_time, TimeToLive);

    private Task<string?> GetAsync(string key, string? answer) =>
        _cache.GetOrLoadAsync(key, answer, (_, value, _) =>
        {
            _loads++;
            return Task.FromResult(value);
        }, CancellationToken.None);

    [Fact]
    public async Task GetOrLoad_WithinTimeToLive_ReadsTheStoreOnce()
    {
        Assert.Equal("v1", await GetAsync("k", "v1"));
        _time.Advance(TimeToLive - TimeSpan.FromSeconds(1));
        Assert.Equal("v1", await GetAsync("k", "v2"));
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task GetOrLoad_AfterTimeToLive_ReadsTheStoreAgain()
    {
        await GetAsync("k", "v1");
        _time.Advance(TimeToLive);
        Assert.Equal("v2", await GetAsync("k", "v2"));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task Invalidate_NextGet_ReadsTheStore()
    {
        await GetAsync("k", "v1");
        _cache.Invalidate("k");
        Assert.Equal("v2", await GetAsync("k", "v2"));
    }

    [Fact]
    public async Task Clear_NextGet_ReadsTheStore()
    {
        await GetAsync("k", "v1");
        _cache.Clear();
        Assert.Equal("v2", await GetAsync("k", "v2"));
    }

    [Fact]
    public async Task GetOrLoad_NotFound_IsNotKept()
    {
        Assert.Null(await GetAsync("k", null));
        Assert.Equal("v1", await GetAsync("k", "v1"));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task GetOrLoad_InvalidatedWhileLoading_AnswersButDoesNotKeep()
    {
        var read = await _cache.GetOrLoadAsync("k", _cache, (_, cache, _) =>
        {
            // A write commits while this read is under way: what it read may be older than the write.
            cache.Invalidate("k");
            return Task.FromResult<string?>("old");
        }, CancellationToken.None);

        Assert.Equal("old", read);
        Assert.Equal("new", await GetAsync("k", "new"));
    }
}
