using System.Globalization;

namespace Workbench.Drivers.Local;

/// <summary>The few fields of /proc/PID/stat the driver needs.</summary>
internal readonly record struct ProcStat(int Pid, char State, int ParentPid, int Session, ulong StartTime)
{
    public bool IsDead => State is 'Z' or 'X';

    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses a stat line; the command name sits in parentheses and may itself hold spaces or ')'.</summary>
    public static ProcStat? Parse(string line)
    {
        var close = line.LastIndexOf(')');
        if (close < 0 || !int.TryParse(line.AsSpan(0, line.IndexOf(' ')), CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }
        // Fields after the name start at field 3 (state); the session is field 6, the start time field 22.
        var fields = line[(close + 2)..].Split(' ');
        if (fields.Length < 20
            || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[3], CultureInfo.InvariantCulture, out var session)
            || !ulong.TryParse(fields[19], CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }
        return new ProcStat(pid, fields[0][0], parent, session, start);
    }

    public static IEnumerable<ProcStat> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                yield return stat;
            }
        }
    }
}
