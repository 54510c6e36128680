using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Bench.Ready;

/// <summary>
/// Reads from Jupyter's own log when it said it was listening ("... is running at:"), which splits a
/// time to ready into Jupyter's own start and what comes after it (the readiness check, the store, polling).
/// </summary>
public static partial class JupyterLog
{
    // [I 13:20:01.123 NotebookApp] Jupyter Notebook 6.4.12 is running at:
    [GeneratedRegex(@"\[\w (\d\d):(\d\d):(\d\d)\.(\d{3}) \w+\] .*is running at")]
    private static partial Regex RunningAt();

    /// <summary>Milliseconds from <paramref name="startedAt"/> (local time, as Jupyter logs) to that line; null when it is not there.</summary>
    public static double? ListeningAfter(IEnumerable<string> lines, DateTime startedAt)
    {
        foreach (var line in lines)
        {
            if (RunningAt().Match(line) is not { Success: true } match)
            {
                continue;
            }
            int Part(int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
            var at = startedAt.Date + new TimeSpan(0, Part(1), Part(2), Part(3), Part(4));
            if (at < startedAt - TimeSpan.FromHours(1))
            {
                at = at.AddDays(1); // started just before midnight
            }
            return (at - startedAt).TotalMilliseconds;
        }
        return null;
    }
}

/// <summary>
/// One start of Jupyter, by hand or through the platform, in milliseconds from the start: when it was ready,
/// when its log said it listened and, on the platform, when the instance's launcher (run.sh) began.
/// </summary>
public readonly record struct StartTimes(double ReadyMs, double? ListeningMs, double? LauncherMs = null);
