using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Domain.Jobs;

/// <summary>Memory as Kubernetes and Azure ML write it: "512Mi", "2Gi", "1.5G", or plain bytes.</summary>
public static partial class MemorySize
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        [""] = 1,
        ["k"] = 1e3, ["K"] = 1e3, ["M"] = 1e6, ["G"] = 1e9, ["T"] = 1e12,
        ["Ki"] = 1L << 10, ["Mi"] = 1L << 20, ["Gi"] = 1L << 30, ["Ti"] = 1L << 40,
    };

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)([kKMGT]i?|)$")]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = text is null ? null : Shape().Match(text.Trim());
        if (match is null || !match.Success || !Units.TryGetValue(match.Groups[2].Value, out var unit))
        {
            return false;
        }
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * unit;
        if (value is < 1 or > long.MaxValue / 2)
        {
            return false;
        }
        bytes = (long)value;
        return true;
    }
}
