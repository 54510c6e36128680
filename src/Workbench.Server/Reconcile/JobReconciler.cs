using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Jobs;
using Workbench.Server.Store;

namespace Workbench.Server.Reconcile;

/// <summary>
/// Drives one job from the slots it was given to its end: launches it, watches it, kills it when it is
/// canceled, times out or its compute stops, and records how it ended. Level-triggered: it looks at
/// the stored job and the driver's observation, never at what just happened, and the driver never
/// starts a job twice, so running it again (after a crash, twice in a row) is always safe.
/// </summary>
public sealed partial class JobReconciler(
    WorkbenchDbContext db,
    JobTargets targets,
    DispatchQueue dispatch,
    JobWatchers watchers,
    CodeStore code,
    TimeProvider time,
    ILogger<JobReconciler> logger)
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromSeconds(2);

    /// <summary>How a job's message starts while its scheduler does not answer; the cluster it runs on shows Unknown meanwhile.</summary>
    public const string UnknownPrefix = "Unknown: ";

    private static readonly CompiledQuery<Func<WorkbenchDbContext, long, CancellationToken, Task<Job?>>> JobById = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, long id, CancellationToken _) => db.Jobs.FirstOrDefault(j => j.Id == id)));

    public async Task<ReconcileResult> ReconcileAsync(long id, CancellationToken cancellationToken)
    {
        // One connection for the reconcile's few queries and saves, not one opened and closed around each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var job = await JobById.For(db)(db, id, cancellationToken);
        if (job is null)
        {
            return ReconcileResult.Done;
        }
        var kind = targets.Of(job.TargetKind);
        var target = new JobBackend(kind, await kind.DriverOfAsync(job, cancellationToken));
        switch (job.State)
        {
            case JobState.Queued:
                dispatch.Enqueue(TargetKey.Of(job));
                return ReconcileResult.Done;
            case JobState.Starting:
                return await AdvanceStartAsync(job, target, cancellationToken);
            case JobState.Running:
                return await WatchAsync(job, target, job.ComputeId!.Value, cancellationToken);
            default:
                return await ReleaseAsync(job, target, cancellationToken);
        }
    }

    private async Task<ReconcileResult> AdvanceStartAsync(Job job, JobBackend target, CancellationToken cancellationToken)
    {
        var computeId = job.ComputeId!.Value;
        // A launch made before a crash is found, never repeated.
        var observed = await target.Driver.ObserveAsync(job.Id, computeId, job.DriverHandle, cancellationToken);
        if (observed is not JobObservation.NotStarted)
        {
            return await RecordAsync(job, target, computeId, job.DriverHandle ?? "", observed, cancellationToken);
        }
        if (job.Reason is not null)
        {
            job.EndUnlaunched(time.GetUtcNow());
            return await FinishAsync(job, target, cancellationToken);
        }
        if (await target.LaunchOfAsync(job, cancellationToken) is not { } launch)
        {
            return await RequeueAsync(job, cancellationToken);
        }
        if (launch.Owner != job.SubmittedBy)
        {
            // Its instance was deleted and made again for someone else: a job runs only in its submitter's home.
            job.LaunchFailed($"Compute '{launch.ComputeName}' now belongs to {launch.Owner}; a job runs only on a compute of its submitter.", time.GetUtcNow());
            return await FinishAsync(job, target, cancellationToken);
        }
        if (!code.Install(job))
        {
            job.LaunchFailed("Its uploaded code was lost before it reached the workspace share (the server stopped in between); submit it again.", time.GetUtcNow());
            return await FinishAsync(job, target, cancellationToken);
        }
        string handle;
        try
        {
            handle = await target.Driver.StartAsync(launch, cancellationToken);
        }
        catch (DriverException e)
        {
            if (await target.LaunchOfAsync(job, cancellationToken) is null)
            {
                // Its compute stopped while it was being launched.
                return await RequeueAsync(job, cancellationToken);
            }
            job.LaunchFailed($"It could not be launched: {e.Message}", time.GetUtcNow());
            return await FinishAsync(job, target, cancellationToken);
        }
        var observation = await target.Driver.ObserveAsync(job.Id, computeId, handle, cancellationToken);
        if (observation is JobObservation.Running && job.Reason is null)
        {
            return WatchJustStarted(job, target, computeId, handle);
        }
        return await RecordAsync(job, target, computeId, handle, observation, cancellationToken);
    }

    /// <summary>
    /// A job just started is stored Running by the look its end or <see cref="JobObservation.Running.ShownAfter"/> brings, whichever comes
    /// first: a short job is stored once, started and ended, as one its agent held is. Its driver finds it without the
    /// handle meanwhile, as after a crash between the start and its store write.
    /// </summary>
    private ReconcileResult WatchJustStarted(Job job, JobBackend target, Guid computeId, string handle)
    {
        watchers.Watch(job.Id, async token =>
        {
            using var shown = CancellationTokenSource.CreateLinkedTokenSource(token);
            shown.CancelAfter(JobObservation.Running.ShownAfter);
            try
            {
                await target.Driver.WaitForEndAsync(job.Id, computeId, handle, shown.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                // Still running: looked at now, and stored Running.
            }
        });
        return ReconcileResult.Done;
    }

    /// <summary>Back to the queue, in its old place, until its compute runs again.</summary>
    private async Task<ReconcileResult> RequeueAsync(Job job, CancellationToken cancellationToken)
    {
        job.Requeue(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        dispatch.Enqueue(TargetKey.Of(job));
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> WatchAsync(Job job, JobBackend target, Guid computeId, CancellationToken cancellationToken)
    {
        var observation = await target.Driver.ObserveAsync(job.Id, computeId, job.DriverHandle, cancellationToken);
        if (observation is not JobObservation.Running)
        {
            return await RecordAsync(job, target, computeId, job.DriverHandle ?? "", observation, cancellationToken);
        }
        await NoteAsync(job, null, cancellationToken);
        var now = time.GetUtcNow();
        var ending = job.Reason
            ?? (await target.LaunchOfAsync(job, cancellationToken) is null ? JobReason.InstanceStopped : (JobReason?)null)
            ?? (job.Deadline <= now ? JobReason.Timeout : null);
        if (ending is { } reason)
        {
            if (job.Reason is null)
            {
                // Stored before the kill, so a server that dies mid-kill still knows why after its restart.
                job.EndFor(reason, now);
                await db.SaveChangesAsync(cancellationToken);
            }
            await target.Driver.StopAsync(job.Id, computeId, job.DriverHandle, cancellationToken);
            var ended = await target.Driver.ObserveAsync(job.Id, computeId, job.DriverHandle, cancellationToken);
            return await RecordAsync(job, target, computeId, job.DriverHandle ?? "", ended, cancellationToken);
        }
        return Watch(job, target, computeId, now);
    }

    /// <summary>Its processes' end, a cancel or its instance stopping each queue it again; its deadline does too.</summary>
    private ReconcileResult Watch(Job job, JobBackend target, Guid computeId, DateTimeOffset now)
    {
        var handle = job.DriverHandle;
        watchers.Watch(job.Id, token => target.Driver.WaitForEndAsync(job.Id, computeId, handle, token));
        return job.Deadline is { } deadline ? ReconcileResult.After(deadline - now) : ReconcileResult.Done;
    }

    /// <summary>Stores what the driver saw: a job now running is watched; one that ended gets its final state.</summary>
    private async Task<ReconcileResult> RecordAsync(
        Job job, JobBackend target, Guid computeId, string handle, JobObservation observation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (observation)
        {
            case JobObservation.Running running when job.State is JobState.Starting:
                job.Note(null, now);
                job.Launched(handle, running.StartedAt, now, running.Hosts);
                await db.SaveChangesAsync(cancellationToken);
                Log.Started(logger, job.Workspace, job.Name, job.Compute);
                // Canceled while it started: stopped now. Else watched from here; a cancel or a stop meanwhile queues it again.
                return job.Reason is null ? Watch(job, target, computeId, now) : await WatchAsync(job, target, computeId, cancellationToken);
            case JobObservation.Running:
                return await WatchAsync(job, target, computeId, cancellationToken);
            case JobObservation.Waiting when job.Reason is not null:
                // Canceled, or its compute stopped, while its scheduler still held it: taken out of that queue too.
                await target.Driver.StopAsync(job.Id, computeId, handle, cancellationToken);
                var stopped = await target.Driver.ObserveAsync(job.Id, computeId, handle, cancellationToken);
                return await RecordAsync(job, target, computeId, handle, stopped, cancellationToken);
            // Its scheduler has it, or does not answer now: nothing to decide until a later look; what it said is shown meanwhile.
            case JobObservation.Waiting waiting:
                await NoteAsync(job, waiting.Reason, cancellationToken);
                // A short job may end before the next look: its end queues it at once, as a running job's does.
                watchers.Watch(job.Id, token => target.Driver.WaitForEndAsync(job.Id, computeId, handle, token));
                return waiting.StartEndsWait ? await WatchedToStartAsync(job, target, computeId, handle, cancellationToken) : ReconcileResult.After(LookAgain);
            case JobObservation.Unknown unknown:
                await NoteAsync(job, UnknownPrefix + unknown.Error, cancellationToken);
                return ReconcileResult.After(LookAgain);
            case JobObservation.Exited exited:
                if (job.State is JobState.Starting)
                {
                    job.Launched(handle, exited.StartedAt, now);
                }
                await BlameStoppedComputeAsync(job, target, exited.ExitCode, cancellationToken);
                job.Exited(exited.ExitCode, exited.EndedAt ?? now, exited.LauncherLog, now);
                return await FinishAsync(job, target, cancellationToken);
            case JobObservation.NotStarted when job.State is JobState.Starting:
                // Its compute let go of it before it started (dropped at a cancel, or its job agent died): it never ran.
                return await AdvanceStartAsync(job, target, cancellationToken);
            default:
                // Running before, and now no trace of it: its folder went with its instance, or it is lost.
                await BlameStoppedComputeAsync(job, target, null, cancellationToken);
                job.Exited(null, now, null, now);
                return await FinishAsync(job, target, cancellationToken);
        }
    }

    /// <summary>
    /// A job whose watch wakes as it starts (an instance's agent holding it) needs no later look, unless it started before
    /// that watch began (it then waits for the end alone): one look now tells, and one still waiting was waiting as it began.
    /// </summary>
    private async Task<ReconcileResult> WatchedToStartAsync(Job job, JobBackend target, Guid computeId, string handle, CancellationToken cancellationToken)
    {
        var now = await target.Driver.ObserveAsync(job.Id, computeId, handle, cancellationToken);
        return now is JobObservation.Waiting ? ReconcileResult.Done : await RecordAsync(job, target, computeId, handle, now, cancellationToken);
    }

    private async Task NoteAsync(Job job, string? note, CancellationToken cancellationToken)
    {
        if (job.Note(note, time.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>A job that did not end well while its compute stopped (or was deleted) was ended by that, not by itself.</summary>
    private async Task BlameStoppedComputeAsync(Job job, JobBackend target, int? exitCode, CancellationToken cancellationToken)
    {
        if (exitCode != 0 && job.Reason is null && await target.LaunchOfAsync(job, cancellationToken) is null)
        {
            job.EndFor(JobReason.InstanceStopped, time.GetUtcNow());
        }
    }

    /// <summary>Stores the final state, hands the freed slots on, then clears what the launch left beside the share.</summary>
    private async Task<ReconcileResult> FinishAsync(Job job, JobBackend target, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        dispatch.Enqueue(TargetKey.Of(job));
        Log.Ended(logger, job.Workspace, job.Name, job.State, job.Message ?? "");
        return await ReleaseAsync(job, target, cancellationToken);
    }

    private static async Task<ReconcileResult> ReleaseAsync(Job job, JobBackend target, CancellationToken cancellationToken)
    {
        if (job.ComputeId is { } computeId)
        {
            await target.Driver.ReleaseAsync(job.Id, computeId, job.DriverHandle, cancellationToken);
        }
        return ReconcileResult.Done;
    }

    private static partial class Log
    {
        [LoggerMessage(2201, LogLevel.Information, "Job {Workspace}/{Name} started on {Compute}")]
        public static partial void Started(ILogger logger, string workspace, string name, string compute);

        [LoggerMessage(2202, LogLevel.Information, "Job {Workspace}/{Name} ended {State}: {Message}")]
        public static partial void Ended(ILogger logger, string workspace, string name, JobState state, string message);
    }
}
