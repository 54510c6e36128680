using Microsoft.Extensions.Time.Testing;
using Workbench.Server.Reconcile;

namespace Workbench.Server.Tests.Reconcile;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(200);
    private readonly FakeTimeProvider _time = new();

    private static async Task<bool> HandsOutWithinAsync(Task<string> take, TimeSpan wait) =>
        await Task.WhenAny(take, Task.Delay(wait)) == take;

    [Fact]
    public async Task Add_SameKeyTwice_HandsItOutOnce()
    {
        var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Add("a");
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.False(await HandsOutWithinAsync(queue.TakeAsync(TestContext.Current.CancellationToken), Briefly));
    }

    [Fact]
    public async Task Add_WhileInFlight_ComesBackOnlyAfterDone()
    {
        var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var key = await queue.TakeAsync(CancellationToken.None);
        queue.Add("a");
        var next = queue.TakeAsync(TestContext.Current.CancellationToken);
        Assert.False(await HandsOutWithinAsync(next, Briefly));
        queue.Done(key);
        Assert.True(await HandsOutWithinAsync(next, TimeSpan.FromSeconds(5)));
        Assert.Equal("a", await next);
    }

    [Fact]
    public async Task Take_KeepsOrderOfDistinctKeys()
    {
        var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddAfter_ArrivesOnlyOnceTheDelayPassed()
    {
        var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        var take = queue.TakeAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(await HandsOutWithinAsync(take, Briefly));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await HandsOutWithinAsync(take, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ATakerCanceledWhileIdle_TakesNothing_TheNextKeyGoesToAnother()
    {
        var queue = new WorkQueue<string>(_time);
        using var stopping = new CancellationTokenSource();
        var canceled = queue.TakeAsync(stopping.Token);
        var other = queue.TakeAsync(TestContext.Current.CancellationToken);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        queue.Add("a");
        Assert.True(await HandsOutWithinAsync(other, TimeSpan.FromSeconds(5)));
        Assert.Equal("a", await other);
    }

    [Fact]
    public async Task KeysAddedTogether_WakeAsManyIdleTakers()
    {
        var queue = new WorkQueue<string>(_time);
        var takers = Enumerable.Range(0, 3).Select(_ => queue.TakeAsync(TestContext.Current.CancellationToken)).ToList();
        queue.Add("a");
        queue.Add("b");
        queue.Add("c");
        var taken = await Task.WhenAll(takers).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(["a", "b", "c"], taken.Order());
    }
}
