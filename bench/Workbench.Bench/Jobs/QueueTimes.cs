using Workbench.Bench.Measurement;
using Workbench.Contracts;

namespace Workbench.Bench.Jobs;

/// <summary>What the jobs' own times (their agent's records) say about the queue: how soon a freed slot got its next job, and the span of the whole run.</summary>
public static class QueueTimes
{
    /// <summary>
    /// Slot free → next process started. With jobs of one slot each, the (slots + i)-th start needs the
    /// i-th end, so they pair in order; a pair counts only when the starting job was already submitted
    /// when the slot freed (otherwise the queue was empty and there was nothing to dispatch).
    /// </summary>
    public static Samples DispatchLatency(IReadOnlyList<JobResource> jobs, int slots, string name)
    {
        var ends = jobs.Select(j => j.EndedAt!.Value).Order().ToList();
        var starts = jobs.OrderBy(j => j.StartedAt).ToList();
        var samples = new Samples(name);
        for (var i = 0; i + slots < starts.Count; i++)
        {
            var next = starts[i + slots];
            if (next.SubmittedAt <= ends[i])
            {
                samples.Add((next.StartedAt!.Value - ends[i]).TotalMilliseconds);
            }
        }
        return samples;
    }

    /// <summary>
    /// The two halves of a dispatch, over the same pairs: a job's end → the server has recorded it (its
    /// end seen, the job read and stored as ended), and recorded → the next job
    /// starts (the queue's pass, the launch). Medians in ms.
    /// </summary>
    public static (double Recorded, double Launched) DispatchHalves(IReadOnlyList<JobResource> jobs, int slots)
    {
        var ended = jobs.OrderBy(j => j.EndedAt).ToList();
        var starts = jobs.OrderBy(j => j.StartedAt).ToList();
        var recorded = new Samples("recorded");
        var launched = new Samples("launched");
        for (var i = 0; i + slots < starts.Count; i++)
        {
            var next = starts[i + slots];
            if (next.SubmittedAt <= ended[i].EndedAt)
            {
                recorded.Add((ended[i].UpdatedAt - ended[i].EndedAt!.Value).TotalMilliseconds);
                launched.Add((next.StartedAt!.Value - ended[i].UpdatedAt).TotalMilliseconds);
            }
        }
        return (recorded.Median, launched.Median);
    }

    /// <summary>From the first job's start to the last job's end, in ms.</summary>
    public static double Span(IReadOnlyList<JobResource> jobs) =>
        (jobs.Max(j => j.EndedAt!.Value) - jobs.Min(j => j.StartedAt!.Value)).TotalMilliseconds;
}
