namespace Workbench.Server.Clusters;

/// <summary>
/// The lanes of a Slurm cluster, one per node of its maxNodes. Each lane is a Slurm job name submitted with
/// --dependency=singleton, so Slurm itself runs one job of a lane at a time: at most maxNodes of the
/// cluster's nodes work at once, while a few more jobs a lane (Drivers:Slurm:JobsAheadPerLane) wait in
/// Slurm's queue, ready to start the moment the one before them ends. Without them Slurm would start the
/// next job only after Workbench saw the end and handed it over, paying Slurm's submit-to-start latency
/// (0.7–0.9 s on the dev cluster) once per job and lane instead of hiding it behind a running job.
/// A job of several nodes takes that many empty lanes side by side and holds them alone until it ends.
/// </summary>
public sealed class SlurmLanes
{
    // What a lane held by a job of several nodes counts as: more than any lane may hold, so none goes behind it.
    private const int HeldAlone = int.MaxValue;

    // Jobs handed to Slurm in each lane and not yet ended; a lane of a job of several nodes counts as full.
    private readonly int[] _jobs;

    // Nodes of jobs in Slurm that are in no lane of these: handed over before maxNodes was lowered, or
    // before lanes existed. Each may run at any time, so each counts as a working node.
    private int _outside;

    /// <param name="maxNodes">The cluster's maxNodes: its number of lanes.</param>
    /// <param name="inSlurm">The lane and nodes of each of the cluster's jobs in Slurm (starting or running).</param>
    public SlurmLanes(int maxNodes, IEnumerable<(int? Lane, int Nodes)> inSlurm)
    {
        _jobs = new int[maxNodes];
        foreach (var (lane, nodes) in inSlurm)
        {
            if (lane is not { } first || first < 0 || first + nodes > maxNodes)
            {
                _outside += nodes;
            }
            else if (nodes == 1)
            {
                _jobs[first]++;
            }
            else
            {
                Array.Fill(_jobs, HeldAlone, first, nodes);
            }
        }
    }

    /// <summary>The most nodes the cluster's jobs in Slurm can hold at once: one per lane with jobs, and every node outside the lanes.</summary>
    public int Working => _jobs.Count(jobs => jobs > 0) + _outside;

    /// <summary>
    /// How many jobs the lanes take now, quota aside: as many one-node jobs as fit behind the jobs in
    /// them and in the empty lanes that may start working. No more queued jobs than this can be placed.
    /// </summary>
    public int Room(int jobsAheadPerLane)
    {
        var perLane = jobsAheadPerLane + 1;
        var behind = _jobs.Where(jobs => jobs > 0).Sum(jobs => Math.Max(0, perLane - jobs));
        var emptyThatMayWork = Math.Min(_jobs.Count(jobs => jobs == 0), Math.Max(0, _jobs.Length - Working));
        return behind + emptyThatMayWork * perLane;
    }

    /// <summary>
    /// Where a job of <paramref name="nodes"/> nodes would go, or null when no lane takes it now. A job of one
    /// node goes to the lane with the fewest jobs (an empty one first, so it starts at once), behind at most
    /// <paramref name="jobsAheadPerLane"/> others; with <paramref name="mayWiden"/> false (no quota for one
    /// more working node) only behind another job.
    /// </summary>
    public SlurmLanePlace? Find(int nodes, int jobsAheadPerLane, bool mayWiden = true)
    {
        if (nodes == 1)
        {
            var best = -1;
            for (var lane = 0; lane < _jobs.Length; lane++)
            {
                var fits = _jobs[lane] <= jobsAheadPerLane && (_jobs[lane] > 0 || (mayWiden && Working < _jobs.Length));
                if (fits && (best < 0 || _jobs[lane] < _jobs[best]))
                {
                    best = lane;
                }
            }
            return best < 0 ? null : new SlurmLanePlace(best, _jobs[best] == 0 ? 1 : 0);
        }
        if (!mayWiden || Working + nodes > _jobs.Length)
        {
            return null;
        }
        for (var first = 0; first + nodes <= _jobs.Length; first++)
        {
            if (_jobs.AsSpan(first, nodes).IndexOfAnyExcept(0) < 0)
            {
                return new SlurmLanePlace(first, nodes);
            }
        }
        return null;
    }

    /// <summary>Counts a job put where <see cref="Find"/> said.</summary>
    public void Take(SlurmLanePlace place, int nodes)
    {
        if (nodes == 1)
        {
            _jobs[place.Lane]++;
        }
        else
        {
            Array.Fill(_jobs, HeldAlone, place.Lane, nodes);
        }
    }
}

/// <summary>A lane for a job, and how many more nodes may work at once because of it (its quota's cost).</summary>
public sealed record SlurmLanePlace(int Lane, int Widens);
