using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Local;

/// <summary>
/// Runs each job inside its instance's sandbox (so with its home, share and cgroups, and within its limits)
/// as a process tree of its own: the instance's job agent starts it there (<see cref="JobAgent"/>), at once or, handed
/// beyond the instance's slots, as soon as one frees (the job is Waiting meanwhile). Like
/// instances, jobs outlive the server; the instance's job records (<see cref="JobRecords"/>) say after a
/// crash whether a job runs, ran, or never started.
/// </summary>
public sealed partial class LocalJobDriver(IOptions<LocalDriverOptions> options, ILogger<LocalJobDriver> logger) : IJobDriver, IDisposable
{
    /// <summary>How long the agent may take to claim a job handed to it, or to say which process runs a job it claimed.</summary>
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a hand-over waits for an agent that is being started again (its loop waits 1, 2, then 4 s).</summary>
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AgentPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a hand-over waits for the jobs assigned before it to be claimed (one canceled before its own never is).</summary>
    private static readonly TimeSpan HandInOrder = TimeSpan.FromSeconds(1);

    /// <summary>How long a job handed over may wait to be claimed before it is handed again.</summary>
    private static readonly TimeSpan HandAgain = TimeSpan.FromSeconds(1);

    /// <summary>How often a wait on a job's records looks again without an inotify signal: for its start, then its end.</summary>
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan EndPoll = TimeSpan.FromSeconds(1);

    private const int LogLines = 5;
    private readonly LocalDriverOptions _options = options.Value;

    // The inotify watches on instances' job records, one for each instance whose jobs are started or waited on.
    private readonly ConcurrentDictionary<Guid, JobFileSignals> _signals = new();

    // The jobs this server handed over lately, and when: one handed is taken before any handed after it, even once its
    // record is gone again (it ended and was released before a later job looked).
    private readonly ConcurrentDictionary<long, long> _handed = new();
    private const int HandedKept = 4096;

    public async Task<string> StartAsync(JobLaunch job, CancellationToken cancellationToken)
    {
        var instance = new InstanceFolder(_options, job.ComputeId);
        var records = instance.Records;
        // A job the agent claimed (now, or before a crash) is never handed over again; Observe says how it goes.
        var claim = records.ReadClaim(job.JobId) ?? await HandAsync(job, instance, records, cancellationToken);
        // Started, or put among the jobs waiting for slots, usually by the time its claim is seen; else a moment later.
        if (!Decided(claim)
            && !await UntilAsync(job.ComputeId, records, job.JobId, () => Decided(claim = records.ReadClaim(job.JobId) ?? claim), ClaimPoll, ClaimTimeout, cancellationToken))
        {
            throw new DriverException($"The instance's job agent did not start the job within {ClaimTimeout.TotalSeconds:0} s. {records.LogTail(job.JobId, LogLines)}".TrimEnd());
        }
        if (claim.Start is not { } started)
        {
            // It has no process yet: ObserveAsync says Waiting until the agent starts it.
            Log.Waiting(logger, job.JobId, job.ComputeId);
            return "";
        }
        Log.Started(logger, job.JobId, job.ComputeId, started.Process.Pid);
        return JobHandle.Of(started.Process).ToJson();
    }

    private static bool Decided(JobClaim claim) => claim.Start is not null || claim.Waits;

    /// <summary>
    /// Hands the job to the agent until it claims it; returns its claim. Its script is written once an agent reads the
    /// queue, so never into a stopped instance. A line written as the agent dies goes with the FIFO's buffer when its
    /// last reader closes, so the job is handed again after a while; the agent claims a job once, however often it is
    /// handed over.
    /// </summary>
    private async Task<JobClaim> HandAsync(JobLaunch job, InstanceFolder instance, JobRecords records, CancellationToken cancellationToken)
    {
        await ClaimedFirstAsync(job, records, cancellationToken);
        var waited = Stopwatch.StartNew();
        var written = false;
        JobClaim? claim = null;
        do
        {
            bool handed;
            await using (var queue = await OpenQueueAsync(job, instance, cancellationToken))
            {
                if (!written)
                {
                    new JobScriptFile(instance, job.JobId).Write(job);
                    written = true;
                }
                handed = JobAgent.Hand(queue, job.JobId);
            }
            if (handed)
            {
                Handed(job.JobId);
            }
            if (handed && await UntilAsync(job.ComputeId, records, job.JobId, () => (claim = records.ReadClaim(job.JobId)) is not null, ClaimPoll, HandAgain, cancellationToken)
                && claim is not null)
            {
                return claim;
            }
        }
        while (waited.Elapsed < ClaimTimeout);
        throw new DriverException($"The instance's job agent did not take the job within {ClaimTimeout.TotalSeconds:0} s.");
    }

    /// <summary>Waits until the agent has claimed the jobs assigned before this one, so that it takes them in submit order.</summary>
    private async Task ClaimedFirstAsync(JobLaunch job, JobRecords records, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        foreach (var earlier in job.HandedAfter.Where(earlier => !_handed.ContainsKey(earlier)))
        {
            var left = HandInOrder - waited.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            await UntilAsync(job.ComputeId, records, earlier, () => _handed.ContainsKey(earlier) || records.ReadClaim(earlier) is not null, ClaimPoll, left, cancellationToken);
        }
    }

    private void Handed(long jobId)
    {
        if (_handed.Count >= HandedKept)
        {
            var old = Stopwatch.GetTimestamp() - (Stopwatch.Frequency * 10);
            foreach (var (id, at) in _handed)
            {
                if (at < old)
                {
                    _handed.TryRemove(id, out _);
                }
            }
        }
        _handed[jobId] = Stopwatch.GetTimestamp();
    }

    /// <summary>The instance's job queue, opened once its agent reads it: at once, but for the moment its loop takes to start it again.</summary>
    private static async Task<FileStream> OpenQueueAsync(JobLaunch job, InstanceFolder instance, CancellationToken cancellationToken)
    {
        if (JobAgent.OpenQueue(instance) is { } queue)
        {
            return queue;
        }
        // No agent reads it: the instance stopped (said at once), or its agent is being started again.
        RequireRunning(job, instance);
        FileStream? opened = null;
        if (!await Polling.UntilAsync(() => (opened = JobAgent.OpenQueue(instance)) is not null, AgentTimeout, cancellationToken, AgentPoll))
        {
            throw new DriverException($"Instance '{job.ComputeName}' has no job agent running: restart it (one started by an older Workbench has none this server can hand jobs to).");
        }
        return opened!;
    }

    public Task<JobObservation> ObserveAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken) =>
        Task.FromResult(Observe(jobId, Records(computeId)));

    public async Task WaitForEndAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var records = Records(computeId);
        // One its agent holds waiting at the first look is looked at again once it has started too, so that it shows Running
        // then, not at its end; a moment after, so that a job that ends within that moment (a short one) is looked at once.
        bool? held = null;
        JobLook? last = null;
        await UntilAsync(computeId, records, jobId, () =>
        {
            last = records.Look(jobId);
            held ??= last is { Latest.Waits: true };
            return last is null || !Runs(last) || (held.Value && !last.Latest.Waits);
        }, EndPoll, Timeout.InfiniteTimeSpan, cancellationToken);
        if (held == true && last is { } started && Runs(started))
        {
            await UntilAsync(computeId, records, jobId, () => !Runs(jobId, records), JobObservation.Running.ShownAfter, JobObservation.Running.ShownAfter, cancellationToken);
        }
        DropSignalsOfGone(computeId, records);
    }

    public async Task StopAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var instance = new InstanceFolder(_options, computeId);
        var records = instance.Records;
        if (records.ReadClaim(jobId) is { Waits: true } && JobAgent.OpenQueue(instance) is { } queue)
        {
            // The agent drops it and deletes its record, unless it started it just now (then it is stopped as any other).
            await using (queue)
            {
                JobAgent.Cancel(queue, jobId);
            }
        }
        // A job just claimed is named by its record a moment later; one dropped has no record.
        await Polling.UntilAsync(() => records.ReadStarted(jobId) is not null || !Runs(jobId, records),
            ClaimTimeout, cancellationToken, ClaimPoll);
        var first = records.ReadStarted(jobId) is { } started ? SandboxProcesses.OnHost(started.Process) : null;
        // Its first process's tree, and whatever runs in the session the agent started it in (a child it left behind).
        IReadOnlyList<ProcStat> Members() => first is { } leader ? ProcessTree.Members(leader, ProcessTree.InSession(leader.Pid)) : [];

        await ProcessTree.TerminateAsync(Members, _options.StopGracePeriod, () => Log.Killing(logger, jobId, _options.StopGracePeriod), cancellationToken);
        // The agent records the end once the job's first process is gone.
        await Polling.UntilAsync(() => !Runs(jobId, records), ProcessTree.KillTimeout, cancellationToken);
        Log.Stopped(logger, jobId);
    }

    public async Task ReleaseAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var instance = new InstanceFolder(_options, computeId);
        var records = instance.Records;
        if (!Directory.Exists(records.Folder))
        {
            // Its instance was deleted with all its jobs' files.
            DropSignalsOfGone(computeId, records);
            return;
        }
        var look = records.Look(jobId);
        if (look is not null && Runs(look))
        {
            await StopAsync(jobId, computeId, handle, cancellationToken);
        }
        records.Delete(jobId, look?.Claim);
        new JobScriptFile(instance, jobId).Delete();
    }

    /// <summary>Ends the inotify watches; jobs run on.</summary>
    public void Dispose()
    {
        foreach (var signals in _signals.Values)
        {
            signals.Dispose();
        }
        _signals.Clear();
    }

    /// <summary>
    /// What the records say. Claimed and not yet recorded as ended, a job runs while a process of it holds its
    /// lock, or for a moment after the claim while its agent starts it; else it ended without a record of how
    /// (its agent died with it, or its instance stopped). One its agent put among the jobs waiting for slots waits
    /// while the agent holds that lock, and never ran once nobody does.
    /// </summary>
    private static JobObservation Observe(long jobId, JobRecords records)
    {
        if (records.Look(jobId) is not { } look)
        {
            return new JobObservation.NotStarted();
        }
        var (claim, latest) = (look.Claim, look.Latest);
        var runs = Runs(look);
        if (latest.Waits)
        {
            if (runs)
            {
                return new JobObservation.Waiting(JobObservation.Waiting.ForFreeSlot) { StartEndsWait = true };
            }
            // Nobody holds it: its agent dropped it (a cancel), or died before it started it (the instance stopped, or
            // the agent is started again). It never ran, so it is handed over again, or queued again until its instance runs.
            records.Delete(jobId, latest);
            return new JobObservation.NotStarted();
        }
        if (runs)
        {
            return new JobObservation.Running(latest.Start?.At ?? claim.At);
        }
        // What went wrong around the command says nothing of a job that exited with 0: its log is not read then.
        var status = latest.End?.ExitStatus;
        return new JobObservation.Exited(status, latest.Start?.At ?? claim.At, latest.End?.At, status == 0 ? "" : records.LogTail(jobId, LogLines));
    }

    /// <summary>Whether the job runs, as <see cref="Observe"/> says, without reading how it ended: for the waits on its end.</summary>
    private static bool Runs(long jobId, JobRecords records) => records.Look(jobId) is { } look && Runs(look);

    /// <summary>
    /// Its end is final once recorded; else it runs while a process of it holds its lock. An empty claim is a job its agent
    /// is starting; one waiting for slots is held by its agent while that lives.
    /// </summary>
    private static bool Runs(JobLook look) =>
        look.Latest.End is null
        && (look.Held || (look.Claim is { Start: null, Queued: null } && DateTimeOffset.UtcNow - look.Claim.At < ClaimTimeout));

    /// <summary>True once the condition on a job's records holds, woken by their writes (<see cref="JobFileSignals.UntilAsync"/>); false when the timeout passes first.</summary>
    private Task<bool> UntilAsync(Guid computeId, JobRecords records, long jobId, Func<bool> condition, TimeSpan poll, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signals = Directory.Exists(records.Folder) ? _signals.GetOrAdd(computeId, _ => JobFileSignals.ByFileName(records.Folder, JobRecords.LogRecord)) : JobFileSignals.None();
        return signals.UntilAsync(jobId, _ => ValueTask.FromResult(condition()), poll, timeout, TimeProvider.System, cancellationToken);
    }

    /// <summary>An instance deleted takes its records folder, and its watch ends with it.</summary>
    private void DropSignalsOfGone(Guid computeId, JobRecords records)
    {
        if (!Directory.Exists(records.Folder) && _signals.TryRemove(computeId, out var signals))
        {
            signals.Dispose();
        }
    }

    private JobRecords Records(Guid computeId) => new InstanceFolder(_options, computeId).Records;

    /// <summary>A job never starts on an instance that is not running.</summary>
    private static void RequireRunning(JobLaunch job, InstanceFolder instance)
    {
        var handle = LocalHandle.FromJson(job.ComputeHandle) ?? HandleJson.Read<LocalHandle>(instance.Handle);
        if (handle is not { Leader.IsAlive: true })
        {
            throw new DriverException($"Instance '{job.ComputeName}' is not running on this host.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Debug, "Started job {JobId} on compute {ComputeId}: its first process is pid {Pid} in the sandbox")]
        public static partial void Started(ILogger logger, long jobId, Guid computeId, int pid);

        [LoggerMessage(1204, LogLevel.Debug, "Handed job {JobId} to compute {ComputeId}, whose job agent holds it until a slot frees")]
        public static partial void Waiting(ILogger logger, long jobId, Guid computeId);

        [LoggerMessage(1202, LogLevel.Warning, "Job {JobId} did not stop within {Grace} of SIGTERM; sending SIGKILL")]
        public static partial void Killing(ILogger logger, long jobId, TimeSpan grace);

        [LoggerMessage(1203, LogLevel.Debug, "Stopped job {JobId}; no process of it is left")]
        public static partial void Stopped(ILogger logger, long jobId);
    }
}
