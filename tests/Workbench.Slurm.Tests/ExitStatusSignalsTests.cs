using Workbench.Drivers.Slurm;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>The inotify wake-up for Slurm jobs' ends, on a real folder: a batch script's rename of its exit status signals that job alone.</summary>
public sealed class ExitStatusSignalsTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TempFolder _share = new("wb-exit-signals");

    [Fact]
    public async Task ExitStatusRenamedIntoAJobFolder_WakesThatJobsWait_NotAnothers()
    {
        var folder = new SlurmJobFolder(_share.Path, 42);
        folder.Create();
        using var signals = new ExitStatusSignals(SlurmJobFolder.JobsFolder(_share.Path), SlurmJobFolder.ExitStatusName);
        var ours = signals.NextAsync(42);
        var other = signals.NextAsync(43);

        // As the batch script writes it: a temporary file, then a rename.
        await File.WriteAllTextAsync(folder.ExitStatus + ".tmp", "0\n", TestContext.Current.CancellationToken);
        File.Move(folder.ExitStatus + ".tmp", folder.ExitStatus);

        await ours.WaitAsync(Generous, TestContext.Current.CancellationToken);
        Assert.False(other.IsCompleted);
    }

    public void Dispose() => _share.Dispose();
}
