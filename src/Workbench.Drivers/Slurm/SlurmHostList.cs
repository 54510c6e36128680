using System.Globalization;
using System.Text;

namespace Workbench.Drivers.Slurm;

/// <summary>Expands Slurm's compressed node lists: "node[1-3,7],gpu[01-02]" is node1, node2, node3, node7, gpu01, gpu02.</summary>
public static class SlurmHostList
{
    public static IReadOnlyList<string> Expand(string list)
    {
        var names = new List<string>();
        foreach (var item in SplitTopLevel(list))
        {
            var open = item.IndexOf('[', StringComparison.Ordinal);
            var close = item.IndexOf(']', StringComparison.Ordinal);
            if (open < 0 || close < open)
            {
                names.Add(item);
                continue;
            }
            var (prefix, suffix) = (item[..open], item[(close + 1)..]);
            foreach (var range in item[(open + 1)..close].Split(','))
            {
                var bounds = range.Split('-', 2);
                var width = bounds[0].Length;
                var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
                var last = bounds.Length == 2 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
                for (var n = first; n <= last; n++)
                {
                    names.Add(prefix + n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0') + suffix);
                }
            }
        }
        return names;
    }

    /// <summary>Splits at the commas outside brackets.</summary>
    private static IEnumerable<string> SplitTopLevel(string list)
    {
        var item = new StringBuilder();
        var depth = 0;
        foreach (var c in list.Trim())
        {
            depth += c switch { '[' => 1, ']' => -1, _ => 0 };
            if (c == ',' && depth == 0)
            {
                yield return item.ToString();
                item.Clear();
            }
            else
            {
                item.Append(c);
            }
        }
        if (item.Length > 0)
        {
            yield return item.ToString();
        }
    }
}
