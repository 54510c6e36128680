using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Domain.Jobs;

/// <summary>Durations as job specs write them: days, hours, minutes and seconds, largest first ("90s", "30m", "1h30m", "2d").</summary>
public static partial class SpecDuration
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(365);

    [GeneratedRegex(@"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = text is null ? null : Shape().Match(text.Trim());
        if (match is null || !match.Success || match.Length == 0)
        {
            return false;
        }
        double[] units = [86400, 3600, 60, 1];
        var seconds = 0.0;
        for (var i = 0; i < units.Length; i++)
        {
            if (match.Groups[i + 1].Success)
            {
                seconds += double.Parse(match.Groups[i + 1].Value, CultureInfo.InvariantCulture) * units[i];
            }
        }
        if (seconds <= 0 || seconds > Max.TotalSeconds)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The same form back: "1h30m", "45s".</summary>
    public static string Format(TimeSpan duration)
    {
        var parts = new[] { (duration.Days, "d"), (duration.Hours, "h"), (duration.Minutes, "m"), (duration.Seconds, "s") }
            .Where(p => p.Item1 > 0)
            .Select(p => p.Item1.ToString(CultureInfo.InvariantCulture) + p.Item2);
        return string.Concat(parts);
    }
}
