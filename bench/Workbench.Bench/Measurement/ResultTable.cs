using System.Globalization;
using System.Text;

namespace Workbench.Bench.Measurement;

/// <summary>A small table of figures, shown aligned on the console while the run goes and as markdown at its end.</summary>
public sealed class ResultTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"A row has {columns.Length} cells; this one has {cells.Length}.", nameof(cells));
        }
        _rows.Add(cells);
    }

    public string ToText()
    {
        var widths = columns.Select((c, i) => _rows.Select(r => r[i].Length).Prepend(c.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(columns, widths));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            text.AppendLine(Line(row, widths));
        }
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", columns) + " |");
        text.AppendLine("|" + string.Join("|", columns.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        return text.ToString();
    }

    /// <summary>Milliseconds with as many decimals as are meaningful at their size.</summary>
    public static string Ms(double milliseconds) =>
        milliseconds.ToString(Math.Abs(milliseconds) < 10 ? "0.00" : Math.Abs(milliseconds) < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
}
