using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>
/// One pass of a compute's queue: decides by <see cref="BackfillPolicy"/> which queued jobs take free
/// slots (and the room a compute that holds jobs waiting itself has beyond them, <see cref="JobTargetView.Ahead"/>), and records it in one store transaction that also bumps the compute's <see cref="SlotLedger"/>
/// with a conditional update on the version read before the decision. Two passes that decided on the
/// same view (two workers, two server replicas, SQLite or PostgreSQL) cannot both commit: the second
/// finds the version changed, rolls back and decides again on fresh counts. Ending a job only frees
/// slots, so it needs no ledger bump.
/// </summary>
public sealed partial class JobDispatcher(
    WorkbenchDbContext db, JobTargets targets, JobQueue jobs, DispatchQueue dispatch, PassHandOffs handOffs, TimeProvider time, ILogger<JobDispatcher> logger)
{
    /// <summary>How many of the oldest queued jobs a pass looks at: enough to backfill, and a pass costs the same with a million queued.</summary>
    public const int Window = 256;

    /// <summary>
    /// How long a compute that holds jobs enough to fill its slots again waits for its next pass (<see cref="DispatchQueue.QuietFor"/>):
    /// a few jobs' ends, each of which would have its own pass, share one, and what it holds keeps its slots busy meanwhile,
    /// if the spell is no longer than its shortest jobs take (a `true` takes 1–3 ms on the benchmark's two cores, and a 20 ms spell left them
    /// idle a tenth of a drain).
    /// </summary>
    public static readonly TimeSpan QuietSpell = TimeSpan.FromMilliseconds(5);

    private const int Attempts = 8;
    private static readonly TimeSpan Contended = TimeSpan.FromMilliseconds(50);

    public async Task<ReconcileResult> ReconcileAsync(TargetKey key, CancellationToken cancellationToken) =>
        await DispatchAsync(key, cancellationToken) is null ? ReconcileResult.After(Contended) : ReconcileResult.Done;

    /// <summary>
    /// Assigns free slots; returns the jobs that got them, each queued for its launch, or null when
    /// other passes kept changing the compute's slots first (a pass again shortly settles it).
    /// </summary>
    public async Task<IReadOnlyList<long>?> DispatchAsync(TargetKey key, CancellationToken cancellationToken)
    {
        // One connection for the pass's queries and its transaction, not one opened and closed around each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var target = await targets.Of(key.Kind).FindAsync(key.Workspace, key.Compute, cancellationToken);
        if (target is not { AcceptsJobs: true })
        {
            // Queued jobs wait for their compute to run again; its start asks for a pass.
            dispatch.QuietFor(key, TimeSpan.Zero);
            return [];
        }
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await TryAssignAsync(key, target, cancellationToken) is { } assigned)
            {
                assigned.ForEach(jobs.Enqueue);
                return assigned;
            }
            db.ChangeTracker.Clear();
        }
        Log.Contended(logger, key.ToString(), Attempts);
        return null;
    }

    /// <summary>The jobs assigned, or null when another pass changed the compute's slots first.</summary>
    private async Task<List<long>?> TryAssignAsync(TargetKey key, JobTargetView target, CancellationToken cancellationToken)
    {
        var version = await LedgerVersionAsync(key, cancellationToken);
        var holding = await Holding.For(db)(db, key.Workspace, key.Kind, key.Compute).ToListAsync(cancellationToken);
        var decision = await DecideAsync(key, target, holding, cancellationToken);
        var holdingSlots = holding.Sum(h => h.Slots);
        var held = holdingSlots + decision.Start.Sum(s => s.Slots) - target.Slots;
        dispatch.QuietFor(key, target.Ahead > 0 && held >= target.Slots ? QuietSpell : TimeSpan.Zero);
        if (decision.Start.Count == 0 && decision.NeverFit.Count == 0)
        {
            return [];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A save that fails rolls the whole pass back, so EF Core's savepoint around it (two statements more) would serve nothing.
        db.Database.AutoSavepointsEnabled = false;
        if (!await SlotLedgerBump.TryAsync(db, key, version, cancellationToken))
        {
            return null;
        }
        var now = time.GetUtcNow();
        List<long> start = [.. decision.Start.Select(c => c.Order)];
        // A job canceled since the pass read it is no longer queued: the pass decides again without it.
        if (!await JobAssignment.TryAsync(db, start, Ahead(target.Slots - holdingSlots, decision.Start), target.Id, now, cancellationToken)
            || !await FailNeverFittingAsync(decision.NeverFit, target.Slots, now, cancellationToken))
        {
            return null;
        }
        await transaction.CommitAsync(cancellationToken);
        handOffs.Assigned(target, holding.Select(h => h.Order), start);
        return start;
    }

    /// <summary>Fails the jobs too large for their compute (made smaller since they were submitted); false when one is no longer queued.</summary>
    private async Task<bool> FailNeverFittingAsync(IReadOnlyList<SlotClaim> neverFit, int slots, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (neverFit.Count == 0)
        {
            return true;
        }
        var ids = neverFit.Select(c => c.Order).ToList();
        var jobs = await db.Jobs.Where(j => ids.Contains(j.Id)).ToListAsync(cancellationToken);
        if (jobs.Count != ids.Count || jobs.Any(j => j.State != JobState.Queued))
        {
            return false;
        }
        jobs.ForEach(job => job.NeverFits(slots, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>The jobs handed beyond the slots free as the pass sees them: their compute holds them until slots free (or starts them at once, having freed some the store does not know of yet).</summary>
    private static HashSet<long> Ahead(int free, IReadOnlyList<SlotClaim> start)
    {
        var ahead = new HashSet<long>();
        foreach (var job in start)
        {
            free -= job.Slots;
            if (free < 0)
            {
                ahead.Add(job.Order);
            }
        }
        return ahead;
    }

    /// <summary>
    /// What starts now. Every job takes a slot at least, so no more jobs than the free slots can start: the pass
    /// reads that many claims first (a job's end frees one, and the pass reads one row, not the whole window), and
    /// the window's only when one of those does not start (a head that waits, with backfill behind it). With no slot
    /// free it reads nothing; a job too large for its compute (made again smaller after the submit) is failed by
    /// the first pass with a slot free.
    /// </summary>
    private async Task<BackfillDecision> DecideAsync(TargetKey key, JobTargetView target, List<SlotClaim> holding, CancellationToken cancellationToken)
    {
        var free = target.Slots + target.Ahead - holding.Sum(h => h.Slots);
        if (free <= 0)
        {
            return new BackfillDecision([], []);
        }
        var first = Math.Min(free, Window);
        var oldest = await Queued.For(db)(db, key.Workspace, key.Kind, key.Compute, first).ToListAsync(cancellationToken);
        var decision = BackfillPolicy.Decide(target.Slots, holding, oldest, target.Ahead);
        if (oldest.Count < first || decision.Start.Count == oldest.Count)
        {
            return decision;
        }
        var window = await Queued.For(db)(db, key.Workspace, key.Kind, key.Compute, Window).ToListAsync(cancellationToken);
        return BackfillPolicy.Decide(target.Slots, holding, window, target.Ahead);
    }

    /// <summary>The ledger's version, making the ledger on the compute's first pass (two first passes: one insert wins, both read it).</summary>
    private async Task<long> LedgerVersionAsync(TargetKey key, CancellationToken cancellationToken)
    {
        if (await LedgerVersion.For(db)(db, key.Workspace, key.Kind, key.Compute, cancellationToken) is { } found)
        {
            return found;
        }
        db.SlotLedgers.Add(new SlotLedger(key.Workspace, key.Kind, key.Compute));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another pass made it first.
        }
        db.ChangeTracker.Clear();
        return await LedgerVersion.For(db)(db, key.Workspace, key.Kind, key.Compute, cancellationToken)
            ?? throw new InvalidOperationException($"The slot ledger of {key} was not made.");
    }

    // Compiled once: a pass runs each time a job ends, and building and looking up its queries cost more than running them.
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, TargetKind, string, IAsyncEnumerable<SlotClaim>>> Holding = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, TargetKind kind, string compute) => db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && j.TargetKind == kind && j.ComputeKey == compute && (j.State == JobState.Starting || j.State == JobState.Running))
            .Select(j => new SlotClaim(j.Id, j.Cpu))));

    /// <summary>The claims of the oldest queued jobs of a compute, in submit order.</summary>
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, TargetKind, string, int, IAsyncEnumerable<SlotClaim>>> Queued = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, TargetKind kind, string compute, int count) => db.Jobs.AsNoTracking()
            .Where(j => j.Workspace == workspace && j.TargetKind == kind && j.ComputeKey == compute && j.State == JobState.Queued)
            .OrderBy(j => j.Id).Take(count).Select(j => new SlotClaim(j.Id, j.Cpu))));

    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, TargetKind, string, CancellationToken, Task<long?>>> LedgerVersion = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, TargetKind kind, string compute, CancellationToken _) => db.SlotLedgers.AsNoTracking()
            .Where(l => l.Workspace == workspace && l.Kind == kind && l.Target == compute)
            .Select(l => (long?)l.Version).FirstOrDefault()));

    private static partial class Log
    {
        [LoggerMessage(2301, LogLevel.Warning, "The queue of {Target} changed under {Attempts} passes in a row; trying again shortly")]
        public static partial void Contended(ILogger logger, string target, int attempts);
    }
}
