using System.Globalization;
using Spectre.Console;
using Workbench.Contracts;

namespace Workbench.Cli.Output;

/// <summary>Compute instances as people read them: a row each in lists, one field per line in detail.</summary>
internal static class ComputeTables
{
    public static void List(IAnsiConsole console, IReadOnlyList<ComputeInstanceResource> instances)
    {
        if (instances.Count == 0)
        {
            console.WriteLine("No compute instances.");
            return;
        }
        var table = Tables.Create("Name", "State", "Size", "Image", "Owner", "CreatedBy");
        foreach (var instance in instances)
        {
            Tables.AddRow(table, instance.Name, instance.State, instance.Size, instance.Image, instance.Owner, instance.CreatedBy);
        }
        console.Write(table);
    }

    /// <summary>Where the owner opens an app: its path under the server the CLI talks to.</summary>
    public static Uri AppUrl(Uri server, string relative) => new(server, relative);

    public static void Details(IAnsiConsole console, ComputeInstanceResource instance, Uri server)
    {
        var fields = new List<(string Label, string Value)>
        {
            ("Name", instance.Name),
            ("Workspace", instance.Workspace),
            ("State", instance.State),
            ("Desired state", instance.DesiredState),
            ("Size", instance.Size),
            ("Image", instance.Image),
            ("Driver", instance.Partition is { } partition ? $"{instance.Driver} (partition {partition})" : instance.Driver),
            ("Owner", instance.Owner),
            ("Created by", instance.CreatedBy),
            ("Jobs", $"{instance.Jobs.Running} running / {instance.Jobs.Queued} queued, {instance.JobSlots} slots"),
            ("Created", Timestamp(instance.CreatedAt)),
            ("Updated", Timestamp(instance.UpdatedAt)),
        };
        fields.AddRange(instance.AppUrls.OrderBy(app => app.Key).Select(app => ($"URL {app.Key}", AppUrl(server, app.Value).ToString())));
        if (instance.Ssh is { } ssh)
        {
            fields.Add(("SSH", ssh.Command ?? (ssh.RestartNeeded
                ? $"restart the instance to start its SSH server (wb compute restart -n {instance.Name})"
                : "when the instance runs")));
            fields.Add(("SSH key", ssh.KeyFingerprint));
        }
        fields.AddRange(instance.Endpoints.OrderBy(endpoint => endpoint.Key).Select(endpoint => ($"Endpoint {endpoint.Key}", endpoint.Value)));
        if (!string.IsNullOrEmpty(instance.Error))
        {
            fields.Add(("Error", instance.Error));
        }
        console.Write(Tables.Fields(fields));
    }

    private static string Timestamp(DateTimeOffset moment) => moment.ToString("u", CultureInfo.InvariantCulture);
}
