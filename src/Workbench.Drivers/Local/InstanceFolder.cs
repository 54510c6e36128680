namespace Workbench.Drivers.Local;

/// <summary>
/// The files the local driver keeps for one compute, all under one 0700 folder (its jobs have folders below it), but
/// those its jobs are handed over with, which are made and deleted for every job: a 0700 folder of their own in the
/// runtime folder (<see cref="LocalDriverOptions.RuntimeDir"/>), memory-backed by default.
/// </summary>
internal sealed class InstanceFolder(LocalDriverOptions options, Guid computeId) : LaunchFolder(Path.Combine(options.StateDir, computeId.ToString("N")))
{
    private const string JobRecordsName = "job-records";

    public string Home => Path.Combine(Root, "home");

    /// <summary>The SSH server's keys, config and passwd (with a public key only); the host key in it lives as long as the instance.</summary>
    public string Ssh => Path.Combine(Root, "ssh");

    /// <summary>The sandbox's /run (with a public key only), empty at each start.</summary>
    public string Run => Path.Combine(Root, "run");
    public string AppsScript => Path.Combine(Root, "apps.sh");
    public string Log => Path.Combine(Root, "instance.log");
    public string JobAgentScript => Path.Combine(Root, JobAgent.ScriptName);

    /// <summary>
    /// The folder of the files its jobs are handed over with. An instance started by a Workbench that kept them in the
    /// instance's own folder (before 2026-11-28) has them there until it starts again: its running jobs are found there.
    /// </summary>
    public string Handover => _handover ??= Directory.Exists(Path.Combine(Root, JobRecordsName)) && !Directory.Exists(Runtime) ? Root : Runtime;
    private string? _handover;

    private string Runtime { get; } = Path.Combine(string.IsNullOrEmpty(options.RuntimeDir) ? options.StateDir : options.RuntimeDir, computeId.ToString("N"));

    /// <summary>The jobs' scripts, a file each, read-only in the sandbox.</summary>
    public string Jobs => Path.Combine(Handover, "jobs");

    /// <summary>What the job agent writes of each job; the sandbox may write here.</summary>
    public string JobRecords => Path.Combine(Handover, JobRecordsName);
    public string JobQueue => Path.Combine(Handover, JobAgent.QueueName);

    public JobRecords Records => new(JobRecords);

    /// <summary>Makes its folders, and the runtime folder's, at its start: those its jobs are handed over with from then on are the runtime folder's.</summary>
    public void CreatePrivateFolders()
    {
        _handover = Runtime;
        Directory.CreateDirectory(Path.GetDirectoryName(Runtime)!, OwnerExecutable);
        foreach (var dir in new[] { Root, Runtime, Home, Tmp, Jobs, JobRecords })
        {
            Directory.CreateDirectory(dir, OwnerExecutable);
        }
        Directory.CreateDirectory(Path.Combine(Home, "cloudfiles"));
    }

    /// <summary>Deletes the folder and the one its jobs were handed over with.</summary>
    public void Delete()
    {
        foreach (var dir in new[] { Runtime, Root }.Distinct())
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Released already (or at the same time, by another caller), or never started: the outcome is the same.
            }
        }
    }
}
