using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Computes;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Catalog;
using Workbench.Server.Shares;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>Compute instances as job targets: slots from their size (or their spec), jobs launched inside their sandbox.</summary>
public sealed class InstanceJobTarget(
    WorkbenchDbContext db, SizeCatalog sizes, WorkspaceShares shares, IJobDriver driver, PassHandOffs handOffs, IOptions<WorkbenchOptions> options) : IJobTarget
{
    // Compiled once: each job's pass and launch look its instance up.
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, CancellationToken, Task<ComputeInstance?>>> InstanceByName = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string computeKey, CancellationToken _) =>
            db.Instances.AsNoTracking().FirstOrDefault(i => i.Workspace == workspace && i.NameKey == computeKey)));

    private static readonly CompiledQuery<Func<WorkbenchDbContext, Guid, CancellationToken, Task<ComputeInstance?>>> InstanceById = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, Guid id, CancellationToken _) => db.Instances.AsNoTracking().FirstOrDefault(i => i.Id == id)));

    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, long, IAsyncEnumerable<long>>> StartingBefore = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string computeKey, long id) => db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && j.ComputeKey == computeKey && j.State == JobState.Starting && j.Id < id && j.TargetKind == TargetKind.Instance)
            .Select(j => j.Id)));

    public TargetKind Kind => TargetKind.Instance;

    public Task<IJobDriver> DriverOfAsync(Job job, CancellationToken cancellationToken) => Task.FromResult(driver);

    public async Task<JobTargetView?> FindAsync(string workspace, string computeKey, CancellationToken cancellationToken)
    {
        var instance = await InstanceByName.For(db)(db, workspace, computeKey, cancellationToken);
        if (instance is null)
        {
            return null;
        }
        var size = sizes.Find(instance.Size);
        var slots = instance.SlotsFor(size?.VCpus ?? 0);
        return new JobTargetView(Kind, instance.Id, instance.Name, instance.Owner, instance.Image,
            slots, size?.Gpus ?? 0, size?.MemoryGiB ?? 0, instance.AcceptsJobs && size is not null)
        {
            Ahead = options.Value.JobsAheadPerSlot * slots,
            DriverHandle = instance.DriverHandle,
        };
    }

    private int SlotsOf(ComputeInstance instance) => instance.SlotsFor(sizes.Find(instance.Size)?.VCpus ?? 0);

    /// <summary>The launch of a job on its instance, null while that does not accept jobs: as the pass that gave it slots saw it, when this server's did just now (<see cref="PassHandOffs"/>).</summary>
    public async Task<JobLaunch?> LaunchOfAsync(Job job, CancellationToken cancellationToken)
    {
        var handedAfter = options.Value.JobsAheadPerSlot > 0;
        if (handOffs.Take(job.Id) is { } handOff && handOff.Target.Id == job.ComputeId)
        {
            var seen = handOff.Target;
            return Launch(job, seen.Id, seen.DriverHandle, seen.Name, seen.Owner!, seen.Slots, handedAfter ? handOff.Before : []);
        }
        var instance = job.ComputeId is { } id ? await InstanceById.For(db)(db, id, cancellationToken) : null;
        if (instance is not { AcceptsJobs: true })
        {
            return null;
        }
        IReadOnlyList<long> before = handedAfter ? await StartingBefore.For(db)(db, job.Workspace, job.ComputeKey, job.Id).ToListAsync(cancellationToken) : [];
        return Launch(job, instance.Id, instance.DriverHandle, instance.Name, instance.Owner, SlotsOf(instance), before);
    }

    private JobLaunch Launch(Job job, Guid instanceId, string? instanceHandle, string instanceName, string owner, int slots, IReadOnlyList<long> handedAfter) =>
        new(job.Id, job.Name, instanceId, instanceHandle, instanceName, owner,
            shares.PathOf(job.Workspace), job.Command, job.Inputs, job.Outputs, job.EnvironmentVariables,
            JobFolders.WorkingFolder(job.Name, job.Code is not null), JobFolders.Logs(job.Name))
        {
            Resources = new ResourceRequest(job.Cpu, job.MemoryBytes, job.Gpu, job.Nodes),
            Slots = slots,
            HandedAfter = handedAfter,
        };
}
