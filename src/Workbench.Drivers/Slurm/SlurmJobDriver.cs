using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Runs each job as a Slurm batch job of its own, sized by its resources (--cpus-per-task, --mem,
/// --gres=gpu:N, --nodes, --time) in the partition its launch names. It runs job.sh in the workspace
/// share, which the nodes see at the server's path, so its logs land where local jobs' do. The job is
/// named wb-job-&lt;id&gt;, or after its lane when it has one (then Slurm runs one job of that name at a
/// time); its comment starts "Workbench job &lt;id&gt;:", which is how a start after a crash finds a job
/// it already submitted (by the name too, for jobs submitted before lanes existed); the exit
/// status its batch script writes to the job's folder is how it ended, Slurm's own state only while
/// Slurm still knows the job. While Slurm does not answer, observations are Unknown with its error.
/// </summary>
public sealed partial class SlurmJobDriver(SlurmClient slurm, IOptions<SlurmOptions> options, TimeProvider time, ILogger<SlurmJobDriver> logger)
    : IJobDriver, IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ExitFilePoll = TimeSpan.FromMilliseconds(500);

    // Waiting for an end wakes when the exit file is written (inotify), reads it at least every poll (no
    // load on slurmctld) and asks Slurm only every so often, for the ends that leave no file (a cancel, a
    // node failure, a job Slurm lost).
    private const int ExitFilePollsPerSlurmLook = 10;

    // A start mark this fresh, with the job's nodes, is taken at its word: the job runs there. A look at Slurm
    // costs a process (~16 ms of CPU) and an RPC, and a server that keeps up sees nearly every short job in
    // this moment. An older mark is checked with Slurm, which finds a job that ended leaving no exit status;
    // so does the wait for a job's end, every ExitFilePollsPerSlurmLook polls.
    private static readonly TimeSpan FreshStartMark = ExitFilePoll * ExitFilePollsPerSlurmLook;
    private const int SlurmLogLines = 5;
    private const long MiB = 1024 * 1024;
    private readonly SlurmOptions _options = options.Value;
    private readonly Lock _signalsLock = new();

    // Jobs waiting in Slurm's queue, and when to ask Slurm about each again: 10 s after its sbatch, then
    // less and less often (WaitingLooks). Its start and end are seen in its folder (a look that finds the
    // start mark there takes a fresh one at its word and asks Slurm about an older one), so the looks
    // between only refresh what Slurm says of it; a cluster's lanes keep dozens waiting, and each look is one
    // process and one RPC for slurmctld.
    private readonly ConcurrentDictionary<long, WaitingLooks> _waiting = new();

    // Jobs this driver stopped: their start mark is not taken at its word, as Slurm ended them without an exit status.
    private readonly ConcurrentDictionary<long, byte> _stopped = new();
    private JobFileSignals? _signals;

    public static string JobName(long jobId) => string.Create(CultureInfo.InvariantCulture, $"wb-job-{jobId}");

    public async Task<string> StartAsync(JobLaunch job, CancellationToken cancellationToken)
    {
        var folder = Folder(job.JobId);
        if (folder.ReadHandle() is { } submitted)
        {
            return submitted.ToJson();
        }
        // A folder without a handle is a start cut short: its sbatch may have gone through.
        if (folder.Exists && await FindSubmittedAsync(job.JobId, cancellationToken) is { } found)
        {
            return Adopt(folder, found.Id);
        }
        folder.Create();
        folder.WriteScript(folder.JobScript, JobCommandScript.Job(job, job.SharePath));
        var script = SlurmBatchScript.For(job.JobName, job.JobId, folder);
        // A copy to read when something goes wrong; Slurm runs the one it was sent.
        folder.WriteScript(folder.BatchScript, script);
        // Made here, never through a link a job left in the share, so job.sh starts no mkdir on its node; it makes what is not made here.
        foreach (var shareFolder in JobCommandScript.ShareFolders(job))
        {
            LinkFreeFolders.Make(job.SharePath, shareFolder);
        }
        var request = new SlurmJobRequest(job.Lane ?? JobName(job.JobId), script)
        {
            OneAtATime = job.Lane is not null,
            Comment = string.Create(CultureInfo.InvariantCulture, $"{CommentPrefix(job.JobId)} {job.JobName}"),
            Partition = job.Partition,
            CpusPerTask = job.Resources.Cpu,
            MemoryMiB = job.Resources.MemoryBytes is { } bytes ? (bytes + MiB - 1) / MiB : null,
            Gpus = job.Resources.Gpu,
            Nodes = job.Nodes,
            TimeLimit = job.Timeout,
            OutputPath = folder.SlurmLog,
            AppendOutput = true,
            WorkingDirectory = folder.Root,
        };
        var slurmJobId = await slurm.SubmitAsync(request, cancellationToken);
        Log.Submitted(logger, job.JobId, slurmJobId);
        _waiting[job.JobId] = WaitingLooks.Submitted(slurmJobId, time.GetUtcNow());
        return Adopt(folder, slurmJobId);
    }

    public async Task<JobObservation> ObserveAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var folder = Folder(jobId);
        if (!folder.Exists)
        {
            return new JobObservation.NotStarted();
        }
        // One stopped here is asked of Slurm: its batch script may write the status its SIGTERM left (143) as Slurm
        // cancels it, and a job Slurm ended has no exit code of its own.
        if (!_stopped.ContainsKey(jobId) && Ended(folder) is { } ended)
        {
            return ended;
        }
        if ((SlurmHandle.FromJson(handle) ?? folder.ReadHandle()) is not { } known)
        {
            return new JobObservation.NotStarted();
        }
        var now = time.GetUtcNow();
        var mark = folder.ReadStartMark();
        if (mark is { Nodes: { } nodes } && (now - mark.At).Duration() < FreshStartMark && !_stopped.ContainsKey(jobId))
        {
            _waiting.TryRemove(jobId, out _);
            return new JobObservation.Running(mark.At, nodes);
        }
        if (_waiting.TryGetValue(jobId, out var waiting) && waiting.NextLook > now && mark is null)
        {
            return new JobObservation.Waiting(waiting.Message);
        }
        SlurmJob? job;
        try
        {
            job = await slurm.FindJobAsync(known.JobId, cancellationToken);
        }
        catch (DriverUnavailableException e)
        {
            return new JobObservation.Unknown(e.Message);
        }
        // The batch script may have written its exit status while Slurm was asked.
        if (Ended(folder) is { } endedMeanwhile)
        {
            return endedMeanwhile;
        }
        var marked = folder.ReadStarted();
        var started = marked ?? job?.StartTime;
        if (job is null)
        {
            _waiting.TryRemove(jobId, out _);
            return new JobObservation.Exited(null, started ?? time.GetUtcNow(), null,
                $"Slurm no longer knows its job {known.JobId} and it left no exit status: it ended longer ago than Slurm keeps jobs, or Slurm lost it.");
        }
        if (job.State is SlurmJobState.Pending or SlurmJobState.Requeued or SlurmJobState.Configuring or SlurmJobState.Other)
        {
            // Dependency is the only one Workbench gives a job: its lane's singleton.
            var message = job.Reason == "Dependency" ? $"{job.Describe()}: waiting for the job before it in its lane to end." : $"{job.Describe()}: waiting for nodes.";
            var looked = time.GetUtcNow();
            _waiting[jobId] = (waiting ?? WaitingLooks.Submitted(job.Id, looked)).Looked(message, looked);
            return new JobObservation.Waiting(message);
        }
        _waiting.TryRemove(jobId, out _);
        return job.State.IsFinished()
            ? new JobObservation.Exited(CommandExitCode(job), started ?? time.GetUtcNow(), job.EndTime, $"{job.Describe()}. {SlurmLogTail(folder)}".Trim())
            // Running, suspended, or completing: its processes are there or being cleaned up. Not marked started yet,
            // its batch script has not reached its first line: it starts now at the earliest (Slurm's start time
            // counts whole seconds, so it may name a moment before the job before it in its lane ended).
            : new JobObservation.Running(marked ?? time.GetUtcNow(), job.NodeList.Length > 0 ? job.NodeList : null);
    }

    public async Task WaitForEndAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var folder = Folder(jobId);
        await Signals().UntilAsync(jobId, async look =>
                folder.ReadExitStatus() is not null
                || (look % ExitFilePollsPerSlurmLook == 0
                    && await ObserveAsync(jobId, computeId, handle, cancellationToken) is JobObservation.Exited or JobObservation.NotStarted),
            ExitFilePoll, Timeout.InfiniteTimeSpan, time, cancellationToken);
    }

    public async Task StopAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        // Stopped, it no longer waits: the next look asks Slurm how it ended.
        _waiting.TryRemove(jobId, out _);
        _stopped[jobId] = 0;
        var known = SlurmHandle.FromJson(handle) ?? Folder(jobId).ReadHandle();
        var slurmJobId = known?.JobId ?? (await FindSubmittedAsync(jobId, cancellationToken))?.Id;
        if (slurmJobId is null)
        {
            return;
        }
        await slurm.CancelAsync(slurmJobId, cancellationToken);
        var waited = Stopwatch.StartNew();
        while (await slurm.FindJobAsync(slurmJobId, cancellationToken) is { } left && !left.State.IsFinished())
        {
            if (waited.Elapsed > StopTimeout)
            {
                throw new DriverException($"{left.Describe()} and did not end within {StopTimeout.TotalSeconds:0} s of scancel.");
            }
            await Task.Delay(StopPoll, time, cancellationToken);
        }
        Log.Stopped(logger, jobId, slurmJobId);
    }

    public async Task ReleaseAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        _waiting.TryRemove(jobId, out _);
        _stopped.TryRemove(jobId, out _);
        var folder = Folder(jobId);
        if (!folder.Exists)
        {
            return;
        }
        // A job that wrote its exit status has ended; any other might still run, and must not outlive its folder.
        if (folder.ReadExitStatus() is null)
        {
            await StopAsync(jobId, computeId, handle, cancellationToken);
        }
        Directory.Delete(folder.Root, recursive: true);
    }

    private SlurmJobFolder Folder(long jobId) => new(_options.SharePath, jobId);

    /// <summary>Made at the first wait for an end.</summary>
    private JobFileSignals Signals()
    {
        lock (_signalsLock)
        {
            return _signals ??= JobFileSignals.InJobFolders(SlurmJobFolder.CreateJobsFolder(_options.SharePath), SlurmJobFolder.ExitStatusName);
        }
    }

    public void Dispose() => _signals?.Dispose();

    /// <summary>How it ended, by the exit status its batch script wrote; null while there is none.</summary>
    private JobObservation.Exited? Ended(SlurmJobFolder folder) =>
        folder.ReadExitStatus() is { } code
            ? new JobObservation.Exited(code, folder.ReadStarted() ?? time.GetUtcNow(), folder.ReadEnded(), SlurmLogTail(folder))
            : null;

    /// <summary>
    /// The command's own exit code, for a job that ended by itself; a job Slurm ended (canceled, timed out,
    /// its node failed) has none, whatever Slurm shows meanwhile (0:0 right after a cancel).
    /// </summary>
    private static int? CommandExitCode(SlurmJob job) =>
        job.State is SlurmJobState.Completed or SlurmJobState.Failed && job.Signal is 0 or null ? job.ExitCode : null;

    private static string SlurmLogTail(SlurmJobFolder folder) => LogTail.Read(folder.SlurmLog, SlurmLogLines);

    private static string CommentPrefix(long jobId) => string.Create(CultureInfo.InvariantCulture, $"Workbench job {jobId}:");

    private async Task<SlurmJob?> FindSubmittedAsync(long jobId, CancellationToken cancellationToken) =>
        (await slurm.ListJobsAsync(cancellationToken))
            .Where(j => j.Name == JobName(jobId) || j.Comment.StartsWith(CommentPrefix(jobId), StringComparison.Ordinal))
            .MaxBy(j => long.Parse(j.Id, CultureInfo.InvariantCulture));

    private static string Adopt(SlurmJobFolder folder, string slurmJobId)
    {
        var handle = new SlurmHandle(slurmJobId);
        folder.WriteHandle(handle);
        return handle.ToJson();
    }

    private static partial class Log
    {
        [LoggerMessage(1211, LogLevel.Debug, "Submitted job {JobId} as Slurm job {SlurmJobId}")]
        public static partial void Submitted(ILogger logger, long jobId, string slurmJobId);

        [LoggerMessage(1212, LogLevel.Debug, "Stopped job {JobId}: Slurm job {SlurmJobId} ended")]
        public static partial void Stopped(ILogger logger, long jobId, string slurmJobId);
    }
}
