using Microsoft.Extensions.Options;

namespace Workbench.Server;

/// <summary>The server's own settings ("Workbench").</summary>
public sealed class WorkbenchOptions
{
    /// <summary>Holds the SQLite store, the admin token, instance folders and workspace shares.</summary>
    public string DataDir { get; set; } = ".data";

    /// <summary>Folder of the image definitions (*.yaml); defaults to the images shipped beside the server.</summary>
    public string ImagesDir { get; set; } = Path.Combine(AppContext.BaseDirectory, "images");

    public string DefaultImage { get; set; } = "jupyter";

    /// <summary>The size catalog by name; configuration adds sizes or overrides the shipped ones.</summary>
    public Dictionary<string, SizeOptions> Sizes { get; set; } = [];

    /// <summary>An instance whose apps are not ready this long after its start fails.</summary>
    public TimeSpan InstanceStartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often every live instance is checked even when nothing asked for it (how soon a dead one
    /// is noticed). 30 s, as JupyterHub polls its spawners; each check costs a store read.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    public int ReconcileWorkers { get; set; } = 4;

    /// <summary>
    /// How many jobs' worth of slots an instance is handed beyond its slots, for each of them: its job agent holds those
    /// waiting in submit order and starts the next as a slot frees (no round trip to the server between a job's end and
    /// the next start). 2: an instance of 4 slots holds up to 8 jobs of one waiting. 0 hands jobs only into free slots.
    /// </summary>
    public int JobsAheadPerSlot { get; set; } = 2;

    /// <summary>
    /// The nice value of the server's scheduling group on Linux (its session's autogroup), -20 to 19: -10 puts it
    /// about 9 times ahead of a job's session for the CPU, 0 level with one (<see cref="Hosting.SchedulingPriority"/>).
    /// </summary>
    public int SchedulingNice { get; set; } = -10;

    /// <summary>The largest file the file API accepts in one upload (20 GiB by default).</summary>
    public long MaxUploadBytes { get; set; } = 20L << 30;
}

/// <summary>One size of the catalog as configuration writes it.</summary>
public sealed class SizeOptions
{
    public int VCpus { get; set; }
    public double MemoryGiB { get; set; }
    public int Gpus { get; set; }
    public string Family { get; set; } = "";
    public decimal PricePerHour { get; set; }
}

/// <summary>Refuses settings that cannot work, when the server starts.</summary>
public sealed class WorkbenchOptionsValidator : IValidateOptions<WorkbenchOptions>
{
    private const int MaxJobsAheadPerSlot = 16;

    public ValidateOptionsResult Validate(string? name, WorkbenchOptions options)
    {
        var failures = new List<string>();
        if (options.Sizes.Count == 0)
        {
            failures.Add("Workbench:Sizes is empty: at least one size is needed.");
        }
        foreach (var (size, shape) in options.Sizes)
        {
            if (shape.VCpus <= 0 || shape.MemoryGiB <= 0 || shape.Gpus < 0 || string.IsNullOrWhiteSpace(shape.Family))
            {
                failures.Add($"Workbench:Sizes:{size} needs VCpus > 0, MemoryGiB > 0, Gpus >= 0 and a Family.");
            }
        }
        if (options.InstanceStartTimeout <= TimeSpan.Zero)
        {
            failures.Add("Workbench:InstanceStartTimeout must be positive.");
        }
        if (options.ResyncInterval <= TimeSpan.Zero)
        {
            failures.Add("Workbench:ResyncInterval must be positive.");
        }
        if (options.MaxUploadBytes <= 0)
        {
            failures.Add("Workbench:MaxUploadBytes must be positive.");
        }
        if (options.ReconcileWorkers is < 1 or > 64)
        {
            failures.Add("Workbench:ReconcileWorkers must be between 1 and 64.");
        }
        if (options.JobsAheadPerSlot is < 0 or > MaxJobsAheadPerSlot)
        {
            failures.Add($"Workbench:JobsAheadPerSlot must be between 0 and {MaxJobsAheadPerSlot}.");
        }
        if (options.SchedulingNice is < -20 or > 19)
        {
            failures.Add("Workbench:SchedulingNice must be between -20 and 19.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
