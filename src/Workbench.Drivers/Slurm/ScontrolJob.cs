using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Reads one job from `scontrol show job --oneliner ID`: Key=Value fields separated by spaces. A value
/// runs until the next " Key=", so values with spaces (paths, comments) stay whole. One job this way
/// costs slurmctld far less than squeue --json, which in 22.05 always returns every job it knows.
/// Times are the controller's local time.
/// </summary>
internal static partial class ScontrolJob
{
    [GeneratedRegex(@"(?:^| )([A-Za-z][A-Za-z0-9/:_]*)=")]
    private static partial Regex Key();

    public static SlurmJob Parse(string line)
    {
        var fields = Fields(line.Trim());
        string Field(string name) => fields.GetValueOrDefault(name, "");
        if (Field("JobId").Length == 0 || !Field("JobId").All(char.IsAsciiDigit))
        {
            throw new DriverUnavailableException($"scontrol show job printed what Workbench cannot read: '{line}'.");
        }
        var state = SlurmJobStates.Parse(Field("JobState"));
        var exit = SlurmExit.FromPair(Field("ExitCode"));
        var nodeList = Field("NodeList") is "(null)" ? "" : Field("NodeList");
        return new SlurmJob(
            Id: Field("JobId"),
            Name: Field("JobName"),
            State: state,
            Reason: Field("Reason") is "None" or "(null)" ? "" : Field("Reason"),
            ExitCode: state.IsFinished() ? exit?.ExitCode : null,
            Signal: state.IsFinished() ? exit?.Signal : null,
            NodeList: nodeList,
            Nodes: SlurmHostList.Expand(nodeList),
            // A waiting job's StartTime is the scheduler's guess.
            StartTime: state is SlurmJobState.Pending ? null : Time(Field("StartTime")),
            EndTime: state.IsFinished() ? Time(Field("EndTime")) : null)
        {
            Comment = Field("Comment") is "(null)" ? "" : Field("Comment"),
        };
    }

    private static Dictionary<string, string> Fields(string line)
    {
        var fields = new Dictionary<string, string>();
        var keys = Key().Matches(line);
        for (var i = 0; i < keys.Count; i++)
        {
            var start = keys[i].Index + keys[i].Length;
            var end = i + 1 < keys.Count ? keys[i + 1].Index : line.Length;
            // The first of a repeated key wins (--details repeats Nodes= per node group).
            fields.TryAdd(keys[i].Groups[1].Value, line[start..end].Trim());
        }
        return fields;
    }

    /// <summary>"2026-11-26T15:39:06"; "Unknown", "None" or "N/A" while not set.</summary>
    private static DateTimeOffset? Time(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time)
            ? new DateTimeOffset(time)
            : null;
}
