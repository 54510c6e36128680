using Microsoft.Extensions.Time.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>The inotify wake-ups of waits on a job's files, on a real folder.</summary>
public sealed class JobFileSignalsTests : IDisposable
{
    private static readonly TimeSpan NeverPolls = TimeSpan.FromHours(1);
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-signals-").FullName;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoWaitsOnOneJob_OneEnding_TheOtherIsStillWokenByTheNextWrite()
    {
        using var signals = JobFileSignals.ByFileName(_folder, ".log");
        var second = Path.Combine(_folder, "7.second");
        // Polls never come in the test's time: only a write wakes these waits.
        var waitsForSecond = signals.UntilAsync(7, _ => ValueTask.FromResult(File.Exists(second)), NeverPolls, Timeout.InfiniteTimeSpan, TimeProvider.System, _ct);
        var waitsForAnyWrite = signals.UntilAsync(7, look => ValueTask.FromResult(look > 1), NeverPolls, Timeout.InfiniteTimeSpan, TimeProvider.System, _ct);

        File.WriteAllText(Path.Combine(_folder, "7.first"), "");
        Assert.True(await waitsForAnyWrite.WaitAsync(TimeSpan.FromSeconds(10), _ct));
        Assert.False(waitsForSecond.IsCompleted);

        File.WriteAllText(second, "");
        Assert.True(await waitsForSecond.WaitAsync(TimeSpan.FromSeconds(10), _ct));
    }

    [Fact]
    public async Task AWriteOfAnotherJobsFile_WakesNoWaitOnThisOne()
    {
        using var signals = JobFileSignals.ByFileName(_folder, ".log");
        var wait = signals.UntilAsync(8, look => ValueTask.FromResult(look > 1), NeverPolls, Timeout.InfiniteTimeSpan, TimeProvider.System, _ct);
        File.WriteAllText(Path.Combine(_folder, "9.started"), "");
        await Task.Delay(300, _ct);
        Assert.False(wait.IsCompleted);
        File.WriteAllText(Path.Combine(_folder, "8.started"), "");
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10), _ct));
    }

    [Fact]
    public async Task AWriteOfAJobsLog_WakesNoWait_ItsRecordDoes()
    {
        using var signals = JobFileSignals.ByFileName(_folder, ".log");
        var wait = signals.UntilAsync(8, look => ValueTask.FromResult(look > 1), NeverPolls, Timeout.InfiniteTimeSpan, TimeProvider.System, _ct);
        File.WriteAllText(Path.Combine(_folder, "8.log"), "what the job printed\n");
        File.AppendAllText(Path.Combine(_folder, "8.log"), "and more\n");
        await Task.Delay(300, _ct);
        Assert.False(wait.IsCompleted);
        File.WriteAllText(Path.Combine(_folder, "8.started"), "");
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10), _ct));
    }

    [Fact]
    public async Task AWaitWhosePollsCameFirst_IsStillWokenByTheNextWrite()
    {
        using var signals = JobFileSignals.ByFileName(_folder, ".log");
        var time = new FakeTimeProvider();
        var record = Path.Combine(_folder, "5.started");
        var looks = 0;
        var wait = signals.UntilAsync(5, look => ValueTask.FromResult((looks = look) > 0 && File.Exists(record)), TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, time, _ct);
        for (var poll = 2; poll <= 4; poll++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            while (Volatile.Read(ref looks) < poll)
            {
                await Task.Delay(10, _ct);
            }
        }
        // The clock stands still from here: only the write can wake it.
        File.WriteAllText(record, "");
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10), _ct));
        Assert.Equal(5, looks);
    }

    [Fact]
    public async Task AWaitCanceled_EndsAtOnce()
    {
        using var signals = JobFileSignals.ByFileName(_folder, ".log");
        using var canceled = new CancellationTokenSource();
        var wait = signals.UntilAsync(6, _ => ValueTask.FromResult(false), NeverPolls, Timeout.InfiniteTimeSpan, TimeProvider.System, canceled.Token);
        await canceled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10), _ct));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
