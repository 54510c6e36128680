using Workbench.Drivers;
using Workbench.Drivers.Slurm;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>The inotify wake-up for Slurm jobs' ends, on a real folder: a batch script's write of its exit status signals that job alone.</summary>
public sealed class JobFileSignalsTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TempFolder _share = new("wb-exit-signals");

    [Fact]
    public async Task ExitStatusWrittenInAJobFolder_WakesThatJobsWait_AtItsCreationAndItsWrite_NotAnothers()
    {
        var folder = new SlurmJobFolder(_share.Path, 42);
        folder.Create();
        using var signals = JobFileSignals.InJobFolders(SlurmJobFolder.JobsFolder(_share.Path), SlurmJobFolder.ExitStatusName);
        var ours = signals.NextAsync(42);
        var other = signals.NextAsync(43);

        // As the batch script writes it: its shell creates the file, then writes the status into it.
        await using (var file = new FileStream(folder.ExitStatus, FileMode.CreateNew, FileAccess.Write))
        {
            await ours.WaitAsync(Generous, TestContext.Current.CancellationToken);
            Assert.Null(folder.ReadExitStatus());
            // A wait woken by the creation takes the next signal before it reads the file again.
            ours = signals.NextAsync(42);
            await file.WriteAsync("0\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        await ours.WaitAsync(Generous, TestContext.Current.CancellationToken);
        Assert.Equal(0, folder.ReadExitStatus());
        Assert.False(other.IsCompleted);
    }

    public void Dispose() => _share.Dispose();
}
