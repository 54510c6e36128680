using System.Globalization;
using Spectre.Console;
using Workbench.Contracts;

namespace Workbench.Cli.Output;

/// <summary>Jobs as people read them: a row each in lists, one field per line in detail.</summary>
internal static class JobTables
{
    public static void List(IAnsiConsole console, IReadOnlyList<JobResource> jobs)
    {
        if (jobs.Count == 0)
        {
            console.WriteLine("No jobs.");
            return;
        }
        var table = Tables.Create("Name", "State", "Compute", "Exit", "Submitted", "Duration", "Display name");
        foreach (var job in jobs)
        {
            Tables.AddRow(table, job.Name, job.State, job.Compute, job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                Timestamp(job.SubmittedAt), Duration(job), job.DisplayName);
        }
        console.Write(table);
    }

    public static void Details(IAnsiConsole console, JobResource job)
    {
        var fields = new List<(string Label, string Value)>
        {
            ("Name", job.Name),
            ("Display name", job.DisplayName),
            ("Experiment", job.ExperimentName),
            ("State", job.State),
            ("Compute", job.Compute),
            ("Environment", job.Environment),
            ("Command", job.Command),
            ("Resources", $"cpu {job.Resources.Cpu}, gpu {job.Resources.Gpu}" + (job.Resources.MemoryBytes is { } bytes ? $", memory {bytes / (1024d * 1024 * 1024):0.##} GiB" : "")),
            ("Submitted", $"{Timestamp(job.SubmittedAt)} by {job.SubmittedBy}"),
        };
        AddIf(fields, "Timeout", job.Timeout);
        AddIf(fields, "Code", job.Code);
        AddIf(fields, "Started", job.StartedAt is { } started ? Timestamp(started) : null);
        AddIf(fields, "Ended", job.EndedAt is { } ended ? $"{Timestamp(ended)} (after {Duration(job)})" : null);
        AddIf(fields, "Exit code", job.ExitCode?.ToString(CultureInfo.InvariantCulture));
        AddIf(fields, "Reason", job.Reason);
        AddIf(fields, "Message", job.Message);
        fields.AddRange(job.Inputs.OrderBy(i => i.Key).Select(i => ($"Input {i.Key}", i.Value.Path ?? i.Value.Value ?? "")));
        fields.AddRange(job.Outputs.OrderBy(o => o.Key).Select(o => ($"Output {o.Key}", o.Value.Path)));
        fields.AddRange(job.Logs.OrderBy(l => l.Key).Select(l => ($"Log {l.Key}", l.Value)));
        console.Write(Tables.Fields(fields));
    }

    private static void AddIf(List<(string, string)> fields, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add((label, value));
        }
    }

    private static string Duration(JobResource job) =>
        job.StartedAt is { } started && job.EndedAt is { } ended ? $"{(ended - started).TotalSeconds:0.0} s" : "";

    private static string Timestamp(DateTimeOffset moment) => moment.ToString("u", CultureInfo.InvariantCulture);
}
