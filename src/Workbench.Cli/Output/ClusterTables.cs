using System.Globalization;
using Spectre.Console;
using Workbench.Contracts;

namespace Workbench.Cli.Output;

/// <summary>Clusters as people read them: a row each in lists; in detail their settings, then a row per node.</summary>
internal static class ClusterTables
{
    public static void List(IAnsiConsole console, Page<ClusterResource> clusters)
    {
        if (clusters.Value.Count == 0)
        {
            console.WriteLine("No clusters.");
            return;
        }
        var table = Tables.Create("Name", "State", "Size", "Nodes", "Min", "Max", "Jobs", "Tier", "Driver");
        foreach (var c in clusters.Value)
        {
            Tables.AddRow(table, c.Name, c.State, c.Size, Number(c.Nodes.Count), Number(c.MinNodes), Number(c.MaxNodes),
                $"{c.Jobs.Running} running / {c.Jobs.Queued} queued", c.Tier, c.Driver);
        }
        console.Write(table);
    }

    public static void Details(IAnsiConsole console, ClusterResource cluster)
    {
        var fields = new List<(string Label, string Value)>
        {
            ("Name", cluster.Name),
            ("Workspace", cluster.Workspace),
            ("State", cluster.State),
            ("Size", cluster.Size),
            ("Nodes", $"{cluster.Nodes.Count} (min {cluster.MinNodes}, max {cluster.MaxNodes})"),
            ("Idle before scale-down", $"{Number(cluster.IdleSecondsBeforeScaleDown)} s"),
            ("Tier", cluster.Tier),
            ("Driver", cluster.Partition is { } partition ? $"{cluster.Driver} (partition {partition})" : cluster.Driver),
            ("Jobs", $"{cluster.Jobs.Running} running / {cluster.Jobs.Queued} queued"),
            ("Created by", cluster.CreatedBy),
        };
        if (cluster.Error is { } error)
        {
            fields.Add(("Error", error));
        }
        if (cluster.ScaleOutWaits is { } waits)
        {
            fields.Add(("Waiting", waits));
        }
        console.Write(Tables.Fields(fields));
        if (cluster.Nodes.Count == 0)
        {
            return;
        }
        console.WriteLine();
        var table = Tables.Create("Node", "State", "Job", "Since");
        foreach (var node in cluster.Nodes)
        {
            Tables.AddRow(table, node.Name, node.State.ToLowerInvariant(), node.Job ?? "", node.Since.ToString("u", CultureInfo.InvariantCulture));
        }
        console.Write(table);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
