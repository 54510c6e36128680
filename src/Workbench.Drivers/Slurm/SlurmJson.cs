using System.Globalization;
using System.Text.Json;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Reads the JSON of squeue --json and sinfo --json. Written against Slurm 22.05 (OpenAPI v0.0.38)
/// and tolerant of the shapes later versions use: a number may come as {"set", "number"}, a state as
/// a list of names, and exit_code as an object. Errors Slurm reports inside the JSON (it does so,
/// with exit code 0, when slurmctld is down) mean Slurm is unavailable.
/// </summary>
internal static class SlurmJson
{
    public static IReadOnlyList<SlurmJob> Jobs(string json) =>
        Read(json, "squeue --json", "jobs", job =>
        {
            var state = SlurmJobStates.Parse(FirstName(job, "job_state"));
            var (exit, signal) = Exit(job);
            var nodeList = Text(job, "nodes");
            return new SlurmJob(
                Id: (Number(job, "job_id") ?? throw new FormatException("a job has no job_id")).ToString(CultureInfo.InvariantCulture),
                Name: Text(job, "name"),
                State: state,
                Reason: Text(job, "state_reason") is "None" or "" ? Text(job, "state_description") : Text(job, "state_reason"),
                ExitCode: state.IsFinished() ? exit : null,
                Signal: state.IsFinished() ? signal : null,
                NodeList: nodeList,
                Nodes: AllocatedNodes(job, nodeList),
                StartTime: Time(job, "start_time"),
                EndTime: state.IsFinished() ? Time(job, "end_time") : null)
            {
                Comment = Text(job, "comment"),
            };
        });

    public static IReadOnlyList<SlurmNode> Nodes(string json) =>
        Read(json, "sinfo --json", "nodes", node => new SlurmNode(
            Name: Text(node, "name"),
            State: FirstName(node, "state").ToLowerInvariant(),
            Cpus: (int)(Number(node, "cpus") ?? 0),
            AllocatedCpus: (int)(Number(node, "alloc_cpus") ?? 0),
            MemoryMiB: Number(node, "real_memory") ?? 0,
            Partitions: node.TryGetProperty("partitions", out var p) && p.ValueKind == JsonValueKind.Array
                ? [.. p.EnumerateArray().Select(e => e.GetString() ?? "")]
                : [],
            Reason: Text(node, "reason")));

    private static IReadOnlyList<T> Read<T>(string json, string command, string listName, Func<JsonElement, T> map)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var texts = errors.EnumerateArray().Select(e => string.Join(": ",
                    new[] { Text(e, "source"), Text(e, "description"), Text(e, "error") }.Where(t => t.Length > 0)));
                throw new DriverUnavailableException($"Slurm did not answer: {command} reported {string.Join("; ", texts)}");
            }
            if (!root.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new DriverUnavailableException($"{command} printed JSON without a '{listName}' list.");
            }
            return [.. list.EnumerateArray().Select(map)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new DriverUnavailableException($"{command} printed what Workbench cannot read: {e.Message}", e);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>A name, or the first of a list of names (later versions list a state with its flags).</summary>
    private static string FirstName(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Array when value.GetArrayLength() > 0 => value[0].GetString() ?? "",
            _ => "",
        } : "";

    /// <summary>A plain number, or {"set": true, "number": N}; null when absent, unset or infinite.</summary>
    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? NumberOf(value) : null;

    private static long? NumberOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetInt64(),
        JsonValueKind.Object when value.TryGetProperty("set", out var set) && set.ValueKind == JsonValueKind.True
            && !(value.TryGetProperty("infinite", out var infinite) && infinite.ValueKind == JsonValueKind.True) =>
            Number(value, "number"),
        _ => null,
    };

    /// <summary>Seconds since 1970; 0 means not yet.</summary>
    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Number(element, name) is { } seconds and > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>22.05: the raw wait status; later: {"return_code": N, "signal": {"id": N}}; as text, "3:0".</summary>
    private static (int? ExitCode, int? Signal) Exit(JsonElement job)
    {
        if (!job.TryGetProperty("exit_code", out var exit))
        {
            return (null, null);
        }
        if (exit.ValueKind == JsonValueKind.String)
        {
            return SlurmExit.FromPair(exit.GetString()!) is var (pairCode, pairSignal) ? (pairCode, pairSignal) : (null, null);
        }
        if (exit.ValueKind == JsonValueKind.Object && exit.TryGetProperty("return_code", out var code))
        {
            var signal = exit.TryGetProperty("signal", out var s) && s.ValueKind == JsonValueKind.Object ? Number(s, "id") : null;
            return ((int?)NumberOf(code), (int)(signal ?? 0));
        }
        return NumberOf(exit) is { } status ? SlurmExit.FromWaitStatus((int)status) : (null, null);
    }

    /// <summary>The allocated node names from job_resources, else the node list expanded.</summary>
    private static IReadOnlyList<string> AllocatedNodes(JsonElement job, string nodeList)
    {
        if (job.TryGetProperty("job_resources", out var resources) && resources.ValueKind == JsonValueKind.Object
            && resources.TryGetProperty("allocated_nodes", out var allocated) && allocated.ValueKind == JsonValueKind.Array)
        {
            return [.. allocated.EnumerateArray().Select(n => Text(n, "nodename")).Where(n => n.Length > 0)];
        }
        return SlurmHostList.Expand(nodeList);
    }
}
