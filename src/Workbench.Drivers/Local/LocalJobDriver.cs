using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Local;

/// <summary>
/// Runs each job inside its instance's sandbox as a process tree of its own: its own setsid launcher
/// and bubblewrap, with the instance's home, share and cgroups (so the instance's limits cover its
/// jobs). Like instances, jobs outlive the server; the job's folder (its start record naming its launcher,
/// its exit status) says after a crash whether it runs, ran, or never started.
/// </summary>
public sealed partial class LocalJobDriver(IOptions<LocalDriverOptions> options, ILogger<LocalJobDriver> logger) : IJobDriver, IDisposable
{
    private static readonly TimeSpan AdoptedPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LauncherTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LeaderPoll = TimeSpan.FromMilliseconds(2);
    private const int LauncherLogLines = 5;
    private const int LaunchAttempts = 3;
    private readonly LocalDriverOptions _options = options.Value;
    private readonly IdleLaunchers _launchers = new();

    // Launchers this server started and waits on directly; jobs adopted after a restart are polled.
    private readonly ConcurrentDictionary<long, Process> _launched = new();

    public async Task<string> StartAsync(JobLaunch job, CancellationToken cancellationToken)
    {
        var instance = new InstanceFolder(_options.StateDir, job.ComputeId);
        var folder = new JobFolder(instance, job.JobId);
        if (folder.HasStarted)
        {
            // A launcher claimed it: it runs, or ran and may have ended while nobody watched. Never again;
            // Observe says how it goes.
            await Polling.UntilAsync(() => folder.ReadLauncher() is not null, LauncherTimeout, cancellationToken, LeaderPoll);
            return (folder.ReadLauncher() is { } claimed ? JobHandle.Of(claimed) : new JobHandle(0, 0)).ToJson();
        }
        var cgroups = RunningInstance(job, instance).Cgroups;
        folder.CreatePrivateFolders();
        folder.ResetTmp();
        var share = Sandbox.ShareOf(job.Owner);
        LaunchFolder.WriteAtomically(folder.JobScript, JobCommandScript.Job(job, share, $"{Sandbox.FilesFolder}/{JobCommandScript.CommandScriptName}"), LaunchFolder.OwnerExecutable);
        LaunchFolder.WriteAtomically(folder.CommandScript, JobCommandScript.Command(job, share), LaunchFolder.OwnerExecutable);
        var layout = new SandboxLayout(job.ComputeName.ToLowerInvariant(), job.Owner, instance.Home, folder.Tmp, job.SharePath,
            new Dictionary<string, string>
            {
                [JobCommandScript.JobScriptName] = folder.JobScript,
                [JobCommandScript.CommandScriptName] = folder.CommandScript,
            });
        var sandbox = Sandbox.Command(_options.BubblewrapPath, layout, "/bin/sh", $"{Sandbox.FilesFolder}/{JobCommandScript.JobScriptName}");
        LaunchFolder.WriteAtomically(folder.RunScript, JobScripts.Run(folder, cgroups, sandbox), LaunchFolder.OwnerExecutable);

        _launched[job.JobId] = await LaunchAsync(folder, cancellationToken);
        if (folder.ReadLauncher() is not { } leader)
        {
            Forget(job.JobId);
            throw new DriverException($"The job's launcher did not start it: {LogTail.Read(folder.LauncherLog, LauncherLogLines)}".TrimEnd(' ', ':'));
        }
        Log.Started(logger, job.JobId, job.ComputeId, leader.Pid);
        return JobHandle.Of(leader).ToJson();
    }

    public Task<JobObservation> ObserveAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var folder = Folder(jobId, computeId);
        if (!folder.Exists)
        {
            return Task.FromResult<JobObservation>(new JobObservation.NotStarted());
        }
        var leader = folder.ReadLauncher() ?? JobHandle.FromJson(handle)?.Leader;
        var started = folder.ReadStarted();
        var claimed = folder.ClaimedAt();
        // An empty start record is a launcher that has just claimed the job, unless it stayed empty (its launcher died writing it).
        if (leader is { IsAlive: true } || (started is null && claimed is { } at && DateTimeOffset.UtcNow - at < LauncherTimeout))
        {
            return Task.FromResult<JobObservation>(new JobObservation.Running(started ?? DateTimeOffset.UtcNow));
        }
        if (claimed is null)
        {
            return Task.FromResult<JobObservation>(new JobObservation.NotStarted());
        }
        var launcherLog = LogTail.Read(folder.LauncherLog, LauncherLogLines);
        return Task.FromResult<JobObservation>(new JobObservation.Exited(folder.ReadExitStatus(), started ?? claimed.Value, folder.ReadEnded(), launcherLog));
    }

    public async Task WaitForEndAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        if (_launched.TryGetValue(jobId, out var launcher))
        {
            await launcher.WaitForExitAsync(cancellationToken);
            Forget(jobId);
        }
        var leader = Folder(jobId, computeId).ReadLauncher() ?? JobHandle.FromJson(handle)?.Leader;
        while (leader is { IsAlive: true })
        {
            await Task.Delay(AdoptedPoll, cancellationToken);
        }
    }

    public async Task StopAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var folder = Folder(jobId, computeId);
        var leader = folder.ReadLauncher() ?? JobHandle.FromJson(handle)?.Leader;
        // The launcher's tree, and what may run the job without having written its start record yet: the launcher this
        // server handed it to (a launcher started ahead names no folder in its command line) and anything running from its folder.
        IEnumerable<int> Unclaimed()
        {
            var fromFolder = ProcessTree.CommandLinesContaining(folder.Root + "/");
            return _launched.TryGetValue(jobId, out var launched) && !launched.HasExited ? fromFolder.Append(launched.Id) : fromFolder;
        }
        IReadOnlyList<ProcStat> Members() => ProcessTree.Members(leader, Unclaimed());
        IReadOnlyList<ProcStat> BelowLauncher() => [.. Members().Where(p => p.Pid != leader?.Pid)];

        // The command's tree first, so its launcher lives to record the exit status and end time; then whatever is left.
        void Killing() => Log.Killing(logger, jobId, _options.StopGracePeriod);
        await ProcessTree.TerminateAsync(BelowLauncher, _options.StopGracePeriod, Killing, cancellationToken);
        await Polling.UntilAsync(() => leader is not { IsAlive: true }, ProcessTree.KillTimeout, cancellationToken);
        await ProcessTree.TerminateAsync(Members, TimeSpan.Zero, Killing, cancellationToken);
        Log.Stopped(logger, jobId);
    }

    public async Task ReleaseAsync(long jobId, Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        Forget(jobId);
        var folder = Folder(jobId, computeId);
        if (!folder.Exists)
        {
            // Released already, or its instance was deleted with all its jobs' folders.
            return;
        }
        // Its launcher gone means its sandbox is gone too (the launcher waits for it), so only a live one needs a stop.
        if ((folder.ReadLauncher() ?? JobHandle.FromJson(handle)?.Leader) is { IsAlive: true })
        {
            await StopAsync(jobId, computeId, handle, cancellationToken);
        }
        Directory.Delete(folder.Root, recursive: true);
    }

    /// <summary>
    /// Hands the job to a launcher and waits for its start record. A short job may be over before a poll sees it
    /// alive, so the record is enough. Another launcher of the job (from before a crash) may have claimed it first:
    /// this one then exits, and that one is the job's. A launcher started ahead may have died while it waited (killed,
    /// say) just before it was handed the job: it exits having claimed nothing, and the next one takes the job.
    /// </summary>
    private async Task<Process> LaunchAsync(JobFolder folder, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var launcher = _launchers.Run(folder);
            await Polling.UntilAsync(() => folder.ReadLauncher() is not null || launcher.HasExited, LauncherTimeout, cancellationToken, LeaderPoll);
            if (folder.HasStarted || !launcher.HasExited || attempt == LaunchAttempts)
            {
                return launcher;
            }
            launcher.Dispose();
        }
    }

    /// <summary>Ends the launchers that wait for a job; jobs already handed to one run on.</summary>
    public void Dispose() => _launchers.Dispose();

    private JobFolder Folder(long jobId, Guid computeId) => new(new InstanceFolder(_options.StateDir, computeId), jobId);

    /// <summary>The instance's handle, if its leader lives; a job never starts on an instance that is not running.</summary>
    private static LocalHandle RunningInstance(JobLaunch job, InstanceFolder instance)
    {
        var handle = LocalHandle.FromJson(job.ComputeHandle) ?? HandleJson.Read<LocalHandle>(instance.Handle);
        return handle is { Leader.IsAlive: true }
            ? handle
            : throw new DriverException($"Instance '{job.ComputeName}' is not running on this host.");
    }

    private void Forget(long jobId)
    {
        if (_launched.TryRemove(jobId, out var launcher))
        {
            launcher.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Debug, "Started job {JobId} on compute {ComputeId}: launcher pid {Pid}")]
        public static partial void Started(ILogger logger, long jobId, Guid computeId, int pid);

        [LoggerMessage(1202, LogLevel.Warning, "Job {JobId} did not stop within {Grace} of SIGTERM; sending SIGKILL")]
        public static partial void Killing(ILogger logger, long jobId, TimeSpan grace);

        [LoggerMessage(1203, LogLevel.Debug, "Stopped job {JobId}; no process of it is left")]
        public static partial void Stopped(ILogger logger, long jobId);
    }
}
