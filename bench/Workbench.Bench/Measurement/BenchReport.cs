using System.Text;

namespace Workbench.Bench.Measurement;

/// <summary>What one benchmark found: its table and the lines that say what the figures mean (ratios, goals).</summary>
public sealed record BenchReport(string Title, ResultTable Table, IReadOnlyList<string> Notes)
{
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(Title);
        text.AppendLine(new string('=', Title.Length));
        text.Append(Table.ToText());
        foreach (var note in Notes)
        {
            text.AppendLine(note);
        }
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"### {Title}");
        text.AppendLine();
        text.Append(Table.ToMarkdown());
        text.AppendLine();
        foreach (var note in Notes)
        {
            text.AppendLine($"- {note}");
        }
        return text.ToString();
    }
}
