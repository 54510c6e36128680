using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workbench.Domain.Computes;
using Workbench.Domain.Jobs;
using Workbench.Domain.Workspaces;
using Workbench.Drivers;
using Workbench.Drivers.Local;
using Workbench.Server.Catalog;
using Workbench.Server.Jobs;
using Workbench.Server.Reconcile;
using Workbench.Server.Shares;
using Workbench.Server.Store;

namespace Workbench.Server.Tests.Store;

/// <summary>
/// The queue's slot assignment against a real store: many passes at once, each with its own context and
/// connection (as the workers of two server replicas would run them), never hand out more slots than
/// the compute has, nor one job twice. Run for each provider by <see cref="StoreTests"/>' subclasses.
/// </summary>
public abstract partial class StoreTests
{
    private static readonly IOptions<WorkbenchOptions> Catalog = CatalogHandingAhead(0);

    private static IOptions<WorkbenchOptions> CatalogHandingAhead(int jobsAheadPerSlot) => Options.Create(new WorkbenchOptions
    {
        Sizes =
        {
            ["Standard_DS1_v2"] = new SizeOptions { VCpus = 1, MemoryGiB = 3.5, Family = "standardDSv2Family" },
            ["Standard_DS2_v2"] = new SizeOptions { VCpus = 2, MemoryGiB = 7, Family = "standardDSv2Family" },
        },
        JobsAheadPerSlot = jobsAheadPerSlot,
    });

    /// <param name="jobsAheadPerSlot">Jobs' worth of slots an instance is handed beyond each of its slots (its job agent holds them waiting).</param>
    private static JobDispatcher Dispatcher(WorkbenchDbContext db, int jobsAheadPerSlot = 0, DispatchQueue? dispatch = null)
    {
        // The driver is not used to assign slots, only to run jobs; this one is never called.
        var driver = new LocalJobDriver(Options.Create(new LocalDriverOptions { StateDir = "/nonexistent" }), NullLogger<LocalJobDriver>.Instance);
        var options = CatalogHandingAhead(jobsAheadPerSlot);
        var handOffs = new PassHandOffs();
        var target = new InstanceJobTarget(db, new SizeCatalog(options), new WorkspaceShares(options), driver, handOffs, options);
        return new JobDispatcher(db, new JobTargets([target]), new JobQueue(TimeProvider.System), dispatch ?? new DispatchQueue(TimeProvider.System),
            handOffs, TimeProvider.System, NullLogger<JobDispatcher>.Instance);
    }

    /// <summary>An instance of one vCPU, so two slots.</summary>
    private static ComputeInstance SmallInstance(string name) =>
        new(Workspace.DefaultName, name, new InstanceSpec("Standard_DS1_v2", "jupyter", "alice"), "alice", Now);

    private static ComputeInstance RunningInstance(string name, string size)
    {
        var instance = new ComputeInstance(Workspace.DefaultName, name, new InstanceSpec(size, "jupyter", "alice"), "alice", Now);
        instance.Launched("{}", Now);
        instance.BecameReady(new Dictionary<string, string>(), Now);
        return instance;
    }

    private static Job QueuedJob(string name, string compute, int cpu = 1) => new(Workspace.DefaultName, name,
        new JobSpec(name, name, JobSpec.DefaultExperiment, "", "true", null, "jupyter", compute, new ResourceRequest(cpu, null, 0),
            new Dictionary<string, JobInput>(), new Dictionary<string, JobOutput>(), new Dictionary<string, string>(), null),
        TargetKind.Instance, null, "alice", "hash", Now);

    [Theory]
    [InlineData(0, 2)]
    [InlineData(2, 6)]
    public async Task Dispatch_ManyPassesAtOnce_NeverHandOutMoreSlotsThanTheComputeHas(int jobsAheadPerSlot, int handed)
    {
        // Two slots; handing two jobs ahead a slot, the instance's job agent may hold four more waiting.
        var compute = $"slots-{Guid.NewGuid():N}"[..20];
        await using (var db = await NewContextAsync())
        {
            db.Instances.Add(RunningInstance(compute, "Standard_DS1_v2"));
            db.Jobs.AddRange(Enumerable.Range(0, 12).Select(i => QueuedJob($"{compute}-{i:00}", compute)));
            await db.SaveChangesAsync();
        }
        var key = new TargetKey(Workspace.DefaultName, TargetKind.Instance, compute);
        var everAssigned = new List<long>();
        var ended = new List<long>();
        for (var round = 0; round < 6; round++)
        {
            using var go = new ManualResetEventSlim();
            var passes = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                await using var db = await NewContextAsync();
                go.Wait();
                return await Dispatcher(db, jobsAheadPerSlot).DispatchAsync(key, CancellationToken.None);
            })).ToList();
            go.Set();
            var assigned = (await Task.WhenAll(passes)).SelectMany(ids => ids ?? []).ToList();

            await using var check = await NewContextAsync();
            var holding = await check.Jobs.Where(j => j.ComputeKey == compute && (j.State == JobState.Starting || j.State == JobState.Running)).ToListAsync();
            Assert.Equal(Math.Min(handed, 12 - (round * 2)), holding.Count);
            Assert.Empty(assigned.Intersect(everAssigned));
            Assert.Equal(holding.Select(j => j.Id).Order(), everAssigned.Concat(assigned).Except(ended).Order());
            everAssigned.AddRange(assigned);
            // Submit order: the oldest of those not yet ended.
            Assert.Equal(Enumerable.Range(round * 2, holding.Count).Select(i => $"{compute}-{i:00}"), holding.OrderBy(j => j.Id).Select(j => j.Name));
            if (round == 0)
            {
                // Beyond the two free slots, a job is handed to wait in the instance, and says so from the pass on.
                Assert.Equal(holding.OrderBy(j => j.Id).Select((_, i) => i < 2 ? null : JobObservation.Waiting.ForFreeSlot), holding.OrderBy(j => j.Id).Select(j => j.Message));
            }
            // The two oldest end; handing ahead, the two waiting behind them stay handed.
            foreach (var job in holding.OrderBy(j => j.Id).Take(2))
            {
                job.Launched("{}", Now, Now);
                job.Exited(0, Now, null, Now);
                ended.Add(job.Id);
            }
            await check.SaveChangesAsync();
        }
        Assert.Equal(12, everAssigned.Count);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, true)]
    public async Task Dispatch_LeavingTheInstanceHoldingJobsForItsSlots_QuietsItsNextPass(int jobsAheadPerSlot, bool quiet)
    {
        var compute = $"quiet-{Guid.NewGuid():N}"[..20];
        await using var db = await NewContextAsync();
        db.Instances.Add(RunningInstance(compute, "Standard_DS1_v2"));
        db.Jobs.AddRange(Enumerable.Range(0, 12).Select(i => QueuedJob($"{compute}-{i:00}", compute)));
        await db.SaveChangesAsync();
        var key = new TargetKey(Workspace.DefaultName, TargetKind.Instance, compute);
        var time = new FakeTimeProvider();
        var dispatch = new DispatchQueue(time);

        // Two slots: handing two jobs ahead a slot, its agent holds four beyond them, enough to fill both twice.
        await Dispatcher(db, jobsAheadPerSlot, dispatch).DispatchAsync(key, CancellationToken.None);
        dispatch.Enqueue(key);
        dispatch.Enqueue(key);

        var pass = dispatch.Queue.TakeAsync(TestContext.Current.CancellationToken);
        Assert.Equal(!quiet, await Task.WhenAny(pass, Task.Delay(300, TestContext.Current.CancellationToken)) == pass);
        time.Advance(JobDispatcher.QuietSpell);
        Assert.Equal(key, await pass.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        dispatch.Queue.Done(key);
        var another = dispatch.Queue.TakeAsync(TestContext.Current.CancellationToken);
        Assert.False(await Task.WhenAny(another, Task.Delay(300, TestContext.Current.CancellationToken)) == another, "two passes asked for got two");
    }

    [Fact]
    public async Task Assignment_OneJobNoLongerQueued_SaysSo_AndItsRollbackLeavesEveryJobQueued()
    {
        var compute = $"assign-{Guid.NewGuid():N}"[..20];
        await using var db = await NewContextAsync();
        var instance = RunningInstance(compute, "Standard_DS2_v2");
        Job[] jobs = [QueuedJob($"{compute}-a", compute), QueuedJob($"{compute}-b", compute), QueuedJob($"{compute}-c", compute)];
        db.Instances.Add(instance);
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync();
        jobs[1].Cancel(Now);
        await db.SaveChangesAsync();
        long[] ids = [.. jobs.Select(j => j.Id)];

        await using (var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            Assert.False(await JobAssignment.TryAsync(db, ids, [ids[2]], instance.Id, Now, TestContext.Current.CancellationToken));
        }
        Assert.Equal([JobState.Queued, JobState.Canceled, JobState.Queued], await StatesAsync(db, ids));

        Assert.True(await JobAssignment.TryAsync(db, [ids[0], ids[2]], [ids[2]], instance.Id, Now, TestContext.Current.CancellationToken));
        var assigned = await db.Jobs.AsNoTracking().Where(j => j.Id == ids[0] || j.Id == ids[2]).OrderBy(j => j.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(assigned, j => Assert.Equal((JobState.Starting, (Guid?)instance.Id), (j.State, j.ComputeId)));
        Assert.Equal([null, JobObservation.Waiting.ForFreeSlot], assigned.Select(j => j.Message));
        // Moved on, so a save of a job read before the pass fails as stale.
        Assert.Equal([jobs[0].Version + 1, jobs[2].Version + 1], assigned.Select(j => j.Version));
    }

    private static async Task<List<JobState>> StatesAsync(WorkbenchDbContext db, long[] ids) =>
        await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).OrderBy(j => j.Id).Select(j => j.State).ToListAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Dispatch_StoppedCompute_AssignsNothing_JobTooLargeNeverFits()
    {
        var compute = $"stopped-{Guid.NewGuid():N}"[..20];
        await using var db = await NewContextAsync();
        db.Instances.Add(SmallInstance(compute));
        db.Jobs.Add(QueuedJob($"{compute}-a", compute));
        await db.SaveChangesAsync();
        var key = new TargetKey(Workspace.DefaultName, TargetKind.Instance, compute);
        Assert.Equal([], (await Dispatcher(db).DispatchAsync(key, CancellationToken.None))!);

        var instance = await db.Instances.SingleAsync(i => i.NameKey == compute);
        instance.Launched("{}", Now);
        instance.BecameReady(new Dictionary<string, string>(), Now);
        db.Jobs.Add(QueuedJob($"{compute}-big", compute, cpu: 3));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        Assert.Single((await Dispatcher(db).DispatchAsync(key, CancellationToken.None))!);
        var big = await db.Jobs.AsNoTracking().SingleAsync(j => j.Name == $"{compute}-big");
        Assert.Equal((JobState.Failed, (JobReason?)JobReason.DoesNotFit), (big.State, big.Reason));
    }

    [Fact]
    public async Task Dispatch_HeadWaitsForSlots_BackfillsAJobBeyondTheFirstFreeSlots()
    {
        // Four slots: a job of three holds them, so one is free; the head needs two and waits, and the job of
        // one behind it starts into the slot the head never needs. A pass reads as many queued jobs as slots
        // are free first (here only the head), so the job behind it is found only by the window's read.
        var compute = $"backfill-{Guid.NewGuid():N}"[..20];
        var key = new TargetKey(Workspace.DefaultName, TargetKind.Instance, compute);
        await using var db = await NewContextAsync();
        db.Instances.Add(RunningInstance(compute, "Standard_DS2_v2"));
        db.Jobs.Add(QueuedJob($"{compute}-wide", compute, cpu: 3));
        await db.SaveChangesAsync();
        Assert.Single((await Dispatcher(db).DispatchAsync(key, CancellationToken.None))!);

        db.Jobs.AddRange(QueuedJob($"{compute}-head", compute, cpu: 2), QueuedJob($"{compute}-small", compute));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var started = (await Dispatcher(db).DispatchAsync(key, CancellationToken.None))!;

        var states = await db.Jobs.AsNoTracking().Where(j => j.ComputeKey == compute).ToDictionaryAsync(j => j.Name[(compute.Length + 1)..], j => j.State);
        Assert.Equal(JobState.Queued, states["head"]);
        Assert.Equal(JobState.Starting, states["small"]);
        Assert.Single(started);
    }
}
