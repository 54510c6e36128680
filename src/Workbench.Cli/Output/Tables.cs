using Spectre.Console;
using Spectre.Console.Rendering;

namespace Workbench.Cli.Output;

/// <summary>The one table style wb uses, filled with plain text so names holding [brackets] are not read as markup.</summary>
internal static class Tables
{
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)).PadLeft(0).PadRight(3));
        }
        return table;
    }

    public static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)).ToArray());

    /// <summary>A label/value pair per line, for showing one object.</summary>
    public static Grid Fields(IEnumerable<(string Label, string Value)> fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in fields)
        {
            grid.AddRow(new Text($"{label}:"), new Text(value));
        }
        return grid;
    }
}
