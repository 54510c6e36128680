using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Slurm;

/// <summary>Settings of the Slurm client and driver ("Drivers:Slurm").</summary>
public sealed class SlurmOptions
{
    public const string Section = "Drivers:Slurm";

    /// <summary>Slurm's config file, given to its commands as SLURM_CONF; empty means Slurm's own default.</summary>
    public string SlurmConf { get; set; } = "";

    /// <summary>
    /// slurmrestd's Unix socket (slurmrestd -a rest_auth/local unix:PATH, run as the user the jobs run as):
    /// jobs are then submitted through it, an HTTP request instead of an sbatch process each. Empty (the
    /// default) submits with sbatch. Jobs that ask for GPUs, and all jobs with <see cref="LoginEnvironment"/>, go through sbatch.
    /// </summary>
    public string RestSocket { get; set; } = "";

    /// <summary>Where sbatch, squeue, scancel and sinfo are.</summary>
    public string CommandsDir { get; set; } = "/usr/bin";

    /// <summary>
    /// A folder at the same path on this server and on every node (a shared file system): instance
    /// folders, their homes and logs live there, and workspace shares must too.
    /// </summary>
    public string SharePath { get; set; } = "";

    /// <summary>The partition of jobs that name none; empty means the cluster's default partition.</summary>
    public string Partition { get; set; } = "";

    /// <summary>How long one Slurm command may take before Slurm counts as unavailable.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether each job first gets the submitting user's login environment on its node (sbatch
    /// --export=NONE or names: Slurm runs the user's login shell there, for sites whose jobs need what it
    /// sets up, such as environment modules). It costs about 2 s a job on the dev cluster, and the nodes
    /// run those one at a time. Off (the default), a job gets only what Workbench gives it, as sbatch's
    /// whole environment, which is made from nothing (--export=ALL of an empty environment).
    /// </summary>
    public bool LoginEnvironment { get; set; }

    /// <summary>
    /// How many jobs of a Slurm cluster wait in Slurm's queue behind the running one in each of its lanes
    /// (docs/clusters.md). More hide more of Slurm's submit-to-start latency, and of Workbench's own, between
    /// short jobs; fewer keep jobs from waiting behind a long one in their lane while another lane is free.
    /// </summary>
    public int JobsAheadPerLane { get; set; } = 2;

    /// <summary>
    /// The address an instance's apps listen on, on its node, which the server then connects to;
    /// empty means the node's host name.
    /// </summary>
    public string ListenHost { get; set; } = "";
}

/// <summary>Refuses a Slurm configuration that cannot work, at start.</summary>
public sealed class SlurmOptionsValidator : IValidateOptions<SlurmOptions>
{
    private const int MaxJobsAheadPerLane = 100;

    public ValidateOptionsResult Validate(string? name, SlurmOptions options)
    {
        var failures = new List<string>();
        if (options.SlurmConf.Length > 0 && !File.Exists(options.SlurmConf))
        {
            failures.Add($"{SlurmOptions.Section}:SlurmConf names '{options.SlurmConf}', which does not exist.");
        }
        if (options.RestSocket.Length > 0 && !Path.IsPathFullyQualified(options.RestSocket))
        {
            failures.Add($"{SlurmOptions.Section}:RestSocket must be the absolute path of slurmrestd's Unix socket; it is '{options.RestSocket}'.");
        }
        if (!Path.IsPathFullyQualified(options.CommandsDir))
        {
            failures.Add($"{SlurmOptions.Section}:CommandsDir must be an absolute path; it is '{options.CommandsDir}'.");
        }
        if (string.IsNullOrWhiteSpace(options.SharePath) || !Path.IsPathFullyQualified(options.SharePath))
        {
            failures.Add($"{SlurmOptions.Section}:SharePath must be an absolute path seen alike by the server and every node; it is '{options.SharePath}'.");
        }
        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{SlurmOptions.Section}:CommandTimeout must be between 1 s and 5 minutes; it is {options.CommandTimeout}.");
        }
        if (options.JobsAheadPerLane is < 0 or > MaxJobsAheadPerLane)
        {
            failures.Add($"{SlurmOptions.Section}:JobsAheadPerLane must be between 0 and {MaxJobsAheadPerLane}; it is {options.JobsAheadPerLane}.");
        }
        if (options.ListenHost.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':')))
        {
            failures.Add($"{SlurmOptions.Section}:ListenHost must be a host name or an address; it is '{options.ListenHost}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
