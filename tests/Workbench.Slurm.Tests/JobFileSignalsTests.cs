using Workbench.Drivers;
using Workbench.Drivers.Slurm;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>The inotify wake-up for Slurm jobs' ends, on a real folder: a batch script's write of its exit status signals that job alone.</summary>
public sealed class JobFileSignalsTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan NeverPolls = TimeSpan.FromHours(1);
    private readonly TempFolder _share = new("wb-exit-signals");

    [Fact]
    public async Task ExitStatusWrittenInAJobFolder_WakesThatJobsWait_NotAnothers()
    {
        var folder = new SlurmJobFolder(_share.Path, 42);
        folder.Create();
        using var signals = JobFileSignals.InJobFolders(SlurmJobFolder.JobsFolder(_share.Path), SlurmJobFolder.ExitStatusName);
        using var stopOther = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Polls never come in the test's time: only a write wakes these waits.
        var ours = signals.UntilAsync(42, _ => ValueTask.FromResult(folder.ReadExitStatus() is not null), NeverPolls, Timeout.InfiniteTimeSpan, TimeProvider.System, TestContext.Current.CancellationToken);
        var otherLooks = 0;
        var other = signals.UntilAsync(43, look =>
        {
            otherLooks = look;
            return ValueTask.FromResult(false);
        }, NeverPolls, Timeout.InfiniteTimeSpan, TimeProvider.System, stopOther.Token);

        // As the batch script writes it: its shell creates the file, then writes the status into it. A wait woken by
        // the creation finds it empty and waits for the write.
        await using (var file = new FileStream(folder.ExitStatus, FileMode.CreateNew, FileAccess.Write))
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            Assert.False(ours.IsCompleted);
            await file.WriteAsync("0\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        Assert.True(await ours.WaitAsync(Generous, TestContext.Current.CancellationToken));
        Assert.Equal(0, folder.ReadExitStatus());
        Assert.Equal(1, otherLooks);
        await stopOther.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => other);
    }

    public void Dispose() => _share.Dispose();
}
