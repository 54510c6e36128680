namespace Workbench.Drivers.Local;

/// <summary>The files the local driver keeps for one compute, all under one 0700 folder; its jobs have folders below it.</summary>
internal sealed class InstanceFolder(string stateDir, Guid computeId) : LaunchFolder(Path.Combine(stateDir, computeId.ToString("N")))
{
    public string Home => Path.Combine(Root, "home");

    /// <summary>The SSH server's keys, config and passwd (with a public key only); the host key in it lives as long as the instance.</summary>
    public string Ssh => Path.Combine(Root, "ssh");

    /// <summary>The sandbox's /run (with a public key only), empty at each start.</summary>
    public string Run => Path.Combine(Root, "run");
    public string AppsScript => Path.Combine(Root, "apps.sh");
    public string Log => Path.Combine(Root, "instance.log");

    /// <summary>The jobs' scripts, a folder each, read-only in the sandbox.</summary>
    public string Jobs => Path.Combine(Root, "jobs");

    /// <summary>What the job agent writes of each job; the sandbox may write here.</summary>
    public string JobRecords => Path.Combine(Root, "job-records");
    public string JobQueue => Path.Combine(Root, JobAgent.QueueName);
    public string JobAgentScript => Path.Combine(Root, JobAgent.ScriptName);

    public JobRecords Records => new(JobRecords);

    public void CreatePrivateFolders()
    {
        foreach (var dir in new[] { Root, Home, Tmp, Jobs, JobRecords })
        {
            Directory.CreateDirectory(dir, OwnerExecutable);
        }
        Directory.CreateDirectory(Path.Combine(Home, "cloudfiles"));
    }
}
