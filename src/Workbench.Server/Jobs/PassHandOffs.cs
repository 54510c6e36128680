using System.Collections.Concurrent;

namespace Workbench.Server.Jobs;

/// <summary>
/// What a pass of this server read that the launch of each job it gave slots needs again, kept for that launch: the
/// compute as the pass saw it (accepting jobs, its owner, its slots) and the jobs the pass saw holding slots on it or
/// gave them before this one (lower ids), whose hand-over to the compute's job agent this one's waits for
/// (<see cref="Workbench.Drivers.JobLaunch.HandedAfter"/>). The launch right after the pass reads neither from the store
/// again; one with nothing here (after a restart, assigned by another replica, launched again after a failure) reads
/// the store. The pass's read is as fresh as the launch's own would be: a compute stopped since is found by the
/// hand-over itself, whose failure looks at the store again, as it did.
/// </summary>
public sealed class PassHandOffs
{
    /// <summary>How many jobs' hand-offs are kept; past that all are dropped (a job canceled before its launch never takes its own), and launches read the store.</summary>
    private const int Kept = 4096;

    private readonly ConcurrentDictionary<long, PassHandOff> _handOffs = new();

    /// <summary>Notes, for each job of <paramref name="assigned"/>, the compute and those of <paramref name="holding"/> and <paramref name="assigned"/> with lower ids.</summary>
    public void Assigned(JobTargetView target, IEnumerable<long> holding, IEnumerable<long> assigned)
    {
        if (_handOffs.Count >= Kept)
        {
            _handOffs.Clear();
        }
        var given = assigned.ToHashSet();
        // Each job's list is the part of this one array below it: a pass keeps one array, not one a job it gave slots
        // (which grew with the square of an instance's slots).
        var all = holding.Concat(given).Order().ToArray();
        for (var i = 0; i < all.Length; i++)
        {
            if (given.Contains(all[i]))
            {
                _handOffs[all[i]] = new PassHandOff(target, new ArraySegment<long>(all, 0, i));
            }
        }
    }

    /// <summary>What was noted for this job, once; null when nothing was.</summary>
    public PassHandOff? Take(long jobId) => _handOffs.TryRemove(jobId, out var handOff) ? handOff : null;
}

/// <summary>A job's compute as the pass that gave it slots saw it, and the jobs before it there.</summary>
public sealed record PassHandOff(JobTargetView Target, IReadOnlyList<long> Before);
