using System.Globalization;

namespace Workbench.Bench.Measurement;

/// <summary>
/// CPU time spent so far, in seconds, from /proc (clock ticks of 1/100 s): the machine's busy time over
/// all its cores, and a process's own and that of the children it has waited for (the commands it ran).
/// </summary>
public static class CpuTime
{
    private const double TicksPerSecond = 100;

    /// <summary>Busy time of all cores: user, nice, system, irq, softirq and steal of /proc/stat's first line.</summary>
    public static double Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int[] busy = [1, 2, 3, 6, 7, 8];
        return busy.Sum(i => Ticks(fields[i]));
    }

    /// <summary>The process's own CPU time and its waited-for children's (utime + stime, cutime + cstime); zeros once it is gone.</summary>
    public static (double Own, double Children) Process(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return (0, 0);
        }
        // The fields after the command name in parentheses, from the third (state): utime is the 14th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (Ticks(fields[11]) + Ticks(fields[12]), Ticks(fields[13]) + Ticks(fields[14]));
    }

    private static double Ticks(string field) => long.Parse(field, CultureInfo.InvariantCulture) / TicksPerSecond;
}
