using Workbench.Drivers.Slurm;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>The inotify wake-up for Slurm jobs' starts and ends, on a real folder: a batch script's rename of a watched file signals that job alone.</summary>
public sealed class JobFileSignalsTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TempFolder _share = new("wb-exit-signals");

    [Fact]
    public async Task StartAndExitStatusRenamedIntoAJobFolder_WakeThatJobsWait_NotAnothers()
    {
        var folder = new SlurmJobFolder(_share.Path, 42);
        folder.Create();
        using var signals = new JobFileSignals(SlurmJobFolder.JobsFolder(_share.Path), SlurmJobFolder.StartedName, SlurmJobFolder.ExitStatusName);
        var other = signals.NextAsync(43);

        foreach (var file in new[] { folder.Started, folder.ExitStatus })
        {
            var ours = signals.NextAsync(42);
            // As the batch script writes it: a temporary file, then a rename.
            await File.WriteAllTextAsync(file + ".tmp", "0\n", TestContext.Current.CancellationToken);
            File.Move(file + ".tmp", file);
            await ours.WaitAsync(Generous, TestContext.Current.CancellationToken);
        }
        Assert.False(other.IsCompleted);
    }

    public void Dispose() => _share.Dispose();
}
