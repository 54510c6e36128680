using System.Text.Json.Serialization;

namespace Workbench.Drivers.Local;

/// <summary>A process named by pid and start time, so a reused pid is never mistaken for ours.</summary>
internal readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    /// <summary>Read from /proc at each call, so never written into a handle.</summary>
    [JsonIgnore]
    public bool IsAlive => ProcStat.Read(Pid) is { IsDead: false } stat && stat.StartTime == StartTime;

    /// <summary>A pid and start time as a launcher wrote them; null unless both are numbers.</summary>
    public static ProcessIdentity? Parse(string pid, string startTime) =>
        int.TryParse(pid, out var p) && ulong.TryParse(startTime, out var start) ? new ProcessIdentity(p, start) : null;
}
