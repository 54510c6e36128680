using System.Globalization;

namespace Workbench.Server.Tests.Jobs;

/// <summary>
/// Start and end times the jobs themselves write into the share (nanoseconds since the epoch, from
/// `date +%s%N` inside the sandbox), so a test checks the queue against what really ran.
/// </summary>
public static class JobTimes
{
    /// <summary>Shell text that runs the command between writing the start and the end to ~/cloudfiles/times/$WB_JOB_NAME.</summary>
    public static string Around(string command) =>
        "mkdir -p ~/cloudfiles/times; f=~/cloudfiles/times/$WB_JOB_NAME; date +%s%N > $f.start; " + command + "; date +%s%N > $f.end";

    public static (long Start, long End) Read(string share, string job)
    {
        long At(string suffix) => long.Parse(File.ReadAllText(Path.Combine(share, "times", job + suffix)).Trim(), CultureInfo.InvariantCulture);
        return (At(".start"), At(".end"));
    }

    /// <summary>The most intervals that overlap at any moment.</summary>
    public static int MaxOverlap(IEnumerable<(long Start, long End)> intervals)
    {
        // An end at the same instant as a start frees its slot first.
        var events = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int running = 0, most = 0;
        foreach (var (_, delta) in events)
        {
            running += delta;
            most = Math.Max(most, running);
        }
        return most;
    }
}
