using System.Collections.Concurrent;
using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>
/// Jobs handed to an instance beyond its slots: its job agent holds them waiting, starts them in submit order as
/// slots free, drops one canceled while it waits, and one whose agent died is handed over again. Real sandbox,
/// agent and processes; the instance has one slot.
/// </summary>
public sealed class LocalJobWaitingTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly LocalDriverFixture _local = new(stopGrace: TimeSpan.FromSeconds(1));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private Task<(ComputeSpec Spec, string Handle)> StartInstanceAsync() => _local.StartInstanceAsync(_ct);

    /// <summary>A job of one slot on an instance of one.</summary>
    private static JobLaunch Job(ComputeSpec instance, string instanceHandle, long id, string command) =>
        LocalDriverFixture.Job(instance, instanceHandle, id, command) with { Slots = 1 };

    /// <summary>A job that runs until the test writes its gate file into the share.</summary>
    private static JobLaunch Gated(ComputeSpec instance, string instanceHandle, long id) =>
        Job(instance, instanceHandle, id, $"while [ ! -e ~/cloudfiles/gate-{id} ]; do sleep 0.05; done");

    private void Open(long gate) => File.WriteAllText(Path.Combine(_local.SharePath, $"gate-{gate}"), "");

    /// <summary>An instance of one slot running a gated job, and a second gated job its agent holds waiting.</summary>
    private async Task<(JobLaunch Running, JobLaunch Held)> OneRunningOneHeldAsync(long firstId)
    {
        var (instance, handle) = await StartInstanceAsync();
        var running = Gated(instance, handle, firstId);
        await _local.Jobs.StartAsync(running, _ct);
        var held = Gated(instance, handle, firstId + 1);
        Assert.Equal("", await _local.Jobs.StartAsync(held, _ct));
        return (running, held);
    }

    private Task<JobObservation> ObserveAsync(JobLaunch job) => _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, null, _ct);

    private Task<JobObservation> EndedAsync(JobLaunch job) =>
        Eventually.UntilAsync(() => ObserveAsync(job), o => o is JobObservation.Exited, Wait, $"job {job.JobId} ending");

    [Fact]
    public async Task BeyondItsSlots_JobsWait_AndStartInSubmitOrderAsASlotFrees()
    {
        var (instance, handle) = await StartInstanceAsync();
        var first = Gated(instance, handle, 20);
        Assert.NotEqual("", await _local.Jobs.StartAsync(first, _ct));
        // Handed out of order: the agent starts them by their ids, one at a time.
        var later = Job(instance, handle, 22, "echo 22 >> ~/cloudfiles/order.txt");
        var earlier = Job(instance, handle, 21, "echo 21 >> ~/cloudfiles/order.txt; sleep 0.2");
        Assert.Equal("", await _local.Jobs.StartAsync(later, _ct));
        Assert.Equal("", await _local.Jobs.StartAsync(earlier, _ct));
        Assert.Equal("Waiting for a free slot on the instance.", Assert.IsType<JobObservation.Waiting>(await ObserveAsync(later)).Reason);
        Assert.IsType<JobObservation.Waiting>(await ObserveAsync(earlier));
        Assert.IsType<JobObservation.Running>(await ObserveAsync(first));

        Open(20);
        var ends = new[] { await EndedAsync(first), await EndedAsync(earlier), await EndedAsync(later) }.Cast<JobObservation.Exited>().ToList();
        Assert.All(ends, e => Assert.Equal(0, e.ExitCode));
        Assert.Equal(["21", "22"], File.ReadAllLines(Path.Combine(_local.SharePath, "order.txt")));
        // One slot: each started once the one before it had ended.
        Assert.True(ends[1].StartedAt >= ends[0].EndedAt && ends[2].StartedAt >= ends[1].EndedAt, string.Join("; ", ends));
    }

    [Fact]
    public async Task AWaitingJob_SaysItsWaitEndsAtItsStart_AndItDoesAMomentAfter()
    {
        var (_, waiting) = await OneRunningOneHeldAsync(50);
        Assert.True(Assert.IsType<JobObservation.Waiting>(await ObserveAsync(waiting)).StartEndsWait);

        // The server looks at a held job again only when this wait ends: 0.1 s after its start (so a job that ends sooner
        // is looked at once), long before its end.
        var wait = _local.Jobs.WaitForEndAsync(waiting.JobId, waiting.ComputeId, null, _ct);
        await Task.Delay(300, _ct);
        Assert.False(wait.IsCompleted);
        Open(50);
        await wait.WaitAsync(Wait, _ct);
        var running = Assert.IsType<JobObservation.Running>(await ObserveAsync(waiting));
        Assert.True(DateTimeOffset.UtcNow - running.StartedAt >= TimeSpan.FromMilliseconds(100), "the wait ended sooner than 0.1 s after the start");
        Open(51);
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(waiting)).ExitCode);
    }

    [Fact]
    public async Task AHeldJob_StartsBeforeTheEndThatFreedItsSlotIsRecorded()
    {
        var (first, held) = await OneRunningOneHeldAsync(60);
        var written = new ConcurrentQueue<string>();
        using var records = new FileSystemWatcher(new InstanceFolder(_local.Options, held.ComputeId).Records.Folder, "*.started")
        {
            NotifyFilter = NotifyFilters.LastWrite,
        };
        records.Changed += (_, e) => written.Enqueue(e.Name!);
        records.EnableRaisingEvents = true;

        Open(60);
        await Eventually.UntilAsync(() => written.Distinct().Count() == 2, Wait, "the first job's end and the held job's start written", () => string.Join(", ", written));
        // Its start first: the end's write wakes the server, whose work on it would otherwise come before the next start.
        Assert.Equal(["61.started", "60.started"], written.Distinct());
        Assert.IsType<JobObservation.Running>(await ObserveAsync(held));
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(first)).ExitCode);
        Open(61);
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(held)).ExitCode);
    }

    [Fact]
    public async Task AWaitingJobStopped_IsDropped_AndNeverRuns()
    {
        var (instance, handle) = await StartInstanceAsync();
        var first = Gated(instance, handle, 30);
        await _local.Jobs.StartAsync(first, _ct);
        var waiting = Job(instance, handle, 31, "touch ~/cloudfiles/ran-31");
        await _local.Jobs.StartAsync(waiting, _ct);
        Assert.IsType<JobObservation.Waiting>(await ObserveAsync(waiting));

        await _local.Jobs.StopAsync(waiting.JobId, waiting.ComputeId, null, _ct);
        Assert.IsType<JobObservation.NotStarted>(await ObserveAsync(waiting));
        Open(30);
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(first)).ExitCode);
        var next = Job(instance, handle, 32, "true");
        await _local.Jobs.StartAsync(next, _ct);
        await EndedAsync(next);
        Assert.False(File.Exists(Path.Combine(_local.SharePath, "ran-31")));
    }

    [Fact]
    public async Task AnAgentThatDied_ItsWaitingJobIsHandedAgain_AndTheNextAgentCountsTheJobStillRunning()
    {
        var (instance, handle) = await StartInstanceAsync();
        var first = Gated(instance, handle, 40);
        await _local.Jobs.StartAsync(first, _ct);
        var waiting = Job(instance, handle, 41, "echo ran >> ~/cloudfiles/runs-41.txt");
        await _local.Jobs.StartAsync(waiting, _ct);
        Assert.IsType<JobObservation.Waiting>(await ObserveAsync(waiting));

        Native.Kill(Assert.Single(_local.JobAgents(instance)), Native.SigKill);
        // Nobody holds it now: it never started, and its record goes so that it can be handed over again.
        await Eventually.UntilAsync(() => ObserveAsync(waiting), o => o is JobObservation.NotStarted, Wait, "the waiting job let go");
        Assert.Equal("", await _local.Jobs.StartAsync(waiting, _ct));
        // The new agent counts the job the old one started, which still holds the one slot.
        await Task.Delay(300, _ct);
        Assert.IsType<JobObservation.Waiting>(await ObserveAsync(waiting));
        Assert.IsType<JobObservation.Running>(await ObserveAsync(first));

        Open(40);
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(waiting)).ExitCode);
        Assert.Equal(["ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs-41.txt")));
        // No agent saw the first one end: it ended without a status.
        Assert.Null(((JobObservation.Exited)await EndedAsync(first)).ExitCode);
    }

    public void Dispose() => _local.Dispose();
}
