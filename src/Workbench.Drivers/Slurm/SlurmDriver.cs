using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Runs each instance as one long-running Slurm batch job that starts the image's apps on whichever
/// node Slurm picks (the pattern Open OnDemand uses); its endpoints are that node's host and ports.
/// Stop cancels the job; start submits a new one; the home folder lives in the share, so it is kept.
/// The job is named after the compute id, which is how a start after a crash finds a job it already
/// submitted instead of submitting a second.
/// </summary>
public sealed partial class SlurmDriver(SlurmClient slurm, IOptions<SlurmOptions> options, ILogger<SlurmDriver> logger) : IComputeDriver
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(200);
    private const UnixFileMode OwnerExecutable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly SlurmOptions _options = options.Value;

    public string Name => "slurm";

    public static string JobName(Guid computeId) => $"wb-{computeId:N}";

    public async Task<string> StartAsync(ComputeSpec spec, CancellationToken cancellationToken)
    {
        if (spec.SshPublicKey is not null)
        {
            throw new DriverException("Instances on Slurm have no SSH server yet; remove the key (wb compute update --remove-ssh-public-key) or use the local driver.");
        }
        if (await LiveJobsAsync(spec.ComputeId, cancellationToken) is [var live, ..])
        {
            return Adopt(Folder(spec.ComputeId), live.Id);
        }
        var folder = Folder(spec.ComputeId);
        folder.Create(spec.SharePath);
        File.Delete(folder.Endpoints);
        var script = SlurmJobScript.For(spec, folder, _options.ListenHost);
        // A copy to read when something goes wrong; Slurm runs the one it was sent.
        File.WriteAllText(folder.JobScript, script);
        File.SetUnixFileMode(folder.JobScript, OwnerExecutable);
        var request = new SlurmJobRequest(JobName(spec.ComputeId), script)
        {
            Partition = spec.Partition,
            CpusPerTask = spec.Size.VCpus,
            MemoryMiB = (long)Math.Ceiling(spec.Size.MemoryGiB * 1024),
            Gpus = spec.Size.Gpus,
            OutputPath = folder.Log,
            AppendOutput = true,
            WorkingDirectory = folder.Home,
            Environment = new Dictionary<string, string> { [AppsScript.TokenVariable] = spec.AppToken },
        };
        var jobId = await slurm.SubmitAsync(request, cancellationToken);
        Log.Submitted(logger, spec.ComputeId, jobId);
        return Adopt(folder, jobId);
    }

    /// <summary>Instances on Slurm run no SSH server (a start with a key is refused), so there is no key to change.</summary>
    public Task AuthorizeSshKeyAsync(Guid computeId, string? publicKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<Observation> ObserveAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var folder = Folder(computeId);
        if (!folder.Exists || (SlurmHandle.FromJson(handle) ?? folder.ReadHandle()) is not { } known)
        {
            return new Observation.Gone();
        }
        SlurmJob? job;
        try
        {
            job = await slurm.FindJobAsync(known.JobId, cancellationToken);
        }
        catch (DriverUnavailableException e)
        {
            return new Observation.Unknown(e.Message);
        }
        if (job is null)
        {
            return new Observation.Exited(null, $"Slurm no longer knows its job {known.JobId}: it ended a while ago, or Slurm lost it.");
        }
        return job.State switch
        {
            SlurmJobState.Running => EndpointsFile.Read(folder.Endpoints, job.Id) is { } endpoints
                ? new Observation.Alive(endpoints)
                : new Observation.Starting($"Its Slurm job {job.Id} runs on {job.NodeList}; its apps are starting."),
            SlurmJobState.Completing => new Observation.Exited(null, $"{job.Describe()}."),
            _ when job.State.IsFinished() => new Observation.Exited(job.ExitCode, $"{job.Describe()}."),
            _ => new Observation.Starting($"{job.Describe()}: waiting for a node."),
        };
    }

    public async Task StopAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var known = SlurmHandle.FromJson(handle) ?? Folder(computeId).ReadHandle();
        // The known job, and any other live one of this compute (a start whose handle was never saved).
        var jobs = (await LiveJobsAsync(computeId, cancellationToken)).Select(j => j.Id)
            .Union(known is null ? [] : [known.JobId])
            .ToList();
        foreach (var job in jobs)
        {
            await slurm.CancelAsync(job, cancellationToken);
        }
        var waited = Stopwatch.StartNew();
        foreach (var job in jobs)
        {
            while (await slurm.FindJobAsync(job, cancellationToken) is { } left && !left.State.IsFinished())
            {
                if (waited.Elapsed > StopTimeout)
                {
                    throw new DriverException($"{left.Describe()} and did not end within {StopTimeout.TotalSeconds:0} s of scancel.");
                }
                await Task.Delay(StopPoll, cancellationToken);
            }
        }
        Log.Stopped(logger, computeId, string.Join(", ", jobs));
    }

    public Task<string> ReadLogTailAsync(Guid computeId, int lines, CancellationToken cancellationToken) =>
        Task.FromResult(LogTail.Read(Folder(computeId).Log, lines));

    public async Task ReleaseAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        await StopAsync(computeId, handle, cancellationToken);
        try
        {
            // The home's ~/cloudfiles is a link: the delete removes it, not the workspace share it points at.
            Directory.Delete(Folder(computeId).Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Released already: the outcome is the same.
        }
        Log.Released(logger, computeId);
    }

    private SlurmInstanceFolder Folder(Guid computeId) => new(_options.SharePath, computeId);

    private async Task<IReadOnlyList<SlurmJob>> LiveJobsAsync(Guid computeId, CancellationToken cancellationToken) =>
        [.. (await slurm.ListJobsAsync(cancellationToken)).Where(j => j.Name == JobName(computeId) && !j.State.IsFinished())];

    private static string Adopt(SlurmInstanceFolder folder, string jobId)
    {
        var handle = new SlurmHandle(jobId);
        folder.WriteHandle(handle);
        return handle.ToJson();
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Information, "Submitted compute {ComputeId} as Slurm job {JobId}")]
        public static partial void Submitted(ILogger logger, Guid computeId, string jobId);

        [LoggerMessage(1202, LogLevel.Information, "Stopped compute {ComputeId}: Slurm job(s) {JobIds} ended")]
        public static partial void Stopped(ILogger logger, Guid computeId, string jobIds);

        [LoggerMessage(1203, LogLevel.Information, "Released compute {ComputeId}: its folder and home are deleted")]
        public static partial void Released(ILogger logger, Guid computeId);
    }
}
