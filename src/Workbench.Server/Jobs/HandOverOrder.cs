using System.Collections.Concurrent;

namespace Workbench.Server.Jobs;

/// <summary>
/// For each job a pass of this server gave slots, the jobs it saw holding slots on that compute or gave them in the same
/// pass before it (lower ids): those whose hand-over to the compute's job agent its own waits for
/// (<see cref="Workbench.Drivers.JobLaunch.HandedAfter"/>). The launch right after the pass takes them from here rather
/// than read the store's starting jobs again; one with nothing here (after a restart, or assigned by another replica)
/// reads the store. Only the order of hand-overs rests on it: a job among them already claimed is not waited for.
/// </summary>
public sealed class HandOverOrder
{
    /// <summary>How many jobs' lists are kept; past that all are dropped (a job canceled before its launch never takes its own), and launches read the store.</summary>
    private const int Kept = 4096;

    private readonly ConcurrentDictionary<long, long[]> _before = new();

    /// <summary>Notes, for each job of <paramref name="assigned"/>, those of <paramref name="holding"/> and <paramref name="assigned"/> with lower ids.</summary>
    public void Assigned(IEnumerable<long> holding, IEnumerable<long> assigned)
    {
        if (_before.Count >= Kept)
        {
            _before.Clear();
        }
        var given = assigned.Order().ToArray();
        var held = holding.ToArray();
        for (var i = 0; i < given.Length; i++)
        {
            var id = given[i];
            _before[id] = [.. held.Where(h => h < id), .. given[..i]];
        }
    }

    /// <summary>The jobs noted before this one, once; null when none were noted.</summary>
    public long[]? Take(long jobId) => _before.TryRemove(jobId, out var before) ? before : null;
}
