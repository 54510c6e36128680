using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Domain.Jobs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Server.Jobs;

/// <summary>
/// Reads a job spec, YAML in the spirit of Azure ML CLI v2 command jobs, or the same as JSON (JSON is
/// YAML too, so one reader gives both the line of every mistake). It checks the shape only: known keys,
/// the type of each value, durations, names, and paths that stay inside the workspace share; whether the
/// compute and environment exist is for <see cref="JobSubmissions"/>.
/// </summary>
public static partial class JobSpecReader
{
    private static readonly string[] Keys =
    [
        "$schema", "type", "name", "display_name", "experiment_name", "description", "command", "code",
        "environment", "compute", "resources", "inputs", "outputs", "environment_variables", "timeout",
    ];

    private static readonly string[] ResourceKeys = ["cpu", "memory", "gpu", "instance_count"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    public static (ParsedJobSpec? Parsed, IReadOnlyList<SpecError> Errors) Read(string text)
    {
        var reader = new Fields();
        var root = Load(text, reader);
        if (root is null)
        {
            return (null, reader.Errors);
        }
        foreach (var (keyNode, value) in root.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : "";
            reader.Lines[key] = (int)keyNode.Start.Line;
            if (!Keys.Contains(key))
            {
                reader.Add(key, keyNode, $"'{key}' is not a job spec key; the keys are {string.Join(", ", Keys)}");
                continue;
            }
            reader.Values[key] = value;
        }
        var spec = Build(reader, root);
        return reader.Errors.Count == 0 ? (new ParsedJobSpec(spec, reader.Lines), []) : (null, reader.Errors);
    }

    private static YamlMappingNode? Load(string text, Fields reader)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            reader.Errors.Add(new SpecError("spec", (int)e.Start.Line, $"this is not valid YAML or JSON: {e.Message}"));
            return null;
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            reader.Errors.Add(new SpecError("spec", 1, "a job spec is one mapping of keys to values, such as 'command: python train.py'"));
            return null;
        }
        return root;
    }

    private static JobSpec Build(Fields reader, YamlMappingNode root)
    {
        if (reader.Text("type") is { } type && type != "command")
        {
            reader.Add("type", $"only command jobs exist; type is '{type}'");
        }
        var name = reader.Text("name");
        if (name is not null && JobName.Validate(name) is { } badName)
        {
            reader.Add("name", badName);
        }
        var command = reader.Text("command");
        var compute = reader.Text("compute");
        foreach (var (key, value) in new[] { ("command", command), ("compute", compute) })
        {
            if (string.IsNullOrWhiteSpace(value) && !reader.Errors.Any(e => e.Key == key))
            {
                reader.Errors.Add(new SpecError(key, reader.Lines.GetValueOrDefault(key, (int)root.Start.Line), $"'{key}' is required"));
            }
        }
        var inputs = Inputs(reader);
        var outputs = Outputs(reader);
        foreach (var reference in CommandTemplate.Unresolved(command ?? "", inputs.Keys, outputs.Keys))
        {
            reader.Add("command", $"the command refers to ${{{{{reference}}}}}, which is neither inputs.NAME nor outputs.NAME of this spec");
        }
        return new JobSpec(
            name,
            Limited(reader, "display_name", 256) ?? name ?? "",
            Limited(reader, "experiment_name", 256) ?? JobSpec.DefaultExperiment,
            reader.Text("description") ?? "",
            command ?? "",
            reader.Text("code"),
            reader.Text("environment"),
            compute ?? "",
            Resources(reader),
            inputs,
            outputs,
            EnvironmentVariables(reader),
            Timeout(reader));
    }

    private static string? Limited(Fields reader, string key, int maxLength)
    {
        var text = reader.Text(key);
        if (text is { Length: var length } && length > maxLength)
        {
            reader.Add(key, $"'{key}' has at most {maxLength} characters; it has {length}");
        }
        return text;
    }

    private static ResourceRequest Resources(Fields reader)
    {
        var cpu = ResourceRequest.Default.Cpu;
        long? memory = null;
        var gpu = ResourceRequest.Default.Gpu;
        var instanceCount = ResourceRequest.Default.InstanceCount;
        foreach (var (key, value, line) in reader.Map("resources"))
        {
            var path = $"resources.{key}";
            reader.Lines[path] = line;
            switch (key)
            {
                case "cpu":
                    cpu = reader.Int(path, value, 1) ?? cpu;
                    break;
                case "gpu":
                    gpu = reader.Int(path, value, 0) ?? gpu;
                    break;
                case "instance_count":
                    instanceCount = reader.Int(path, value, 1) ?? instanceCount;
                    break;
                case "memory":
                    var text = reader.Scalar(path, value);
                    if (MemorySize.TryParse(text, out var bytes))
                    {
                        memory = bytes;
                    }
                    else if (text is not null)
                    {
                        reader.Add(path, $"memory is a size such as 512Mi, 2Gi or 1.5G; '{text}' is not");
                    }
                    break;
                default:
                    reader.Add(path, $"'{key}' is not a resource; resources are {string.Join(", ", ResourceKeys)}");
                    break;
            }
        }
        return new ResourceRequest(cpu, memory, gpu, instanceCount);
    }

    private static Dictionary<string, JobInput> Inputs(Fields reader)
    {
        var inputs = new Dictionary<string, JobInput>(StringComparer.Ordinal);
        foreach (var (name, value, line) in reader.Map("inputs"))
        {
            var key = $"inputs.{name}";
            reader.Lines[key] = line;
            if (!Identifier().IsMatch(name))
            {
                reader.Add(key, $"an input name is a letter or '_' then letters, digits or '_'; '{name}' is not");
            }
            else if (value is YamlMappingNode && PathOf(reader, key, value) is var (path, type))
            {
                inputs[name] = new JobInput(null, path, type);
            }
            else if (reader.Scalar(key, value) is { } literal)
            {
                inputs[name] = new JobInput(literal, null);
            }
        }
        return inputs;
    }

    private static Dictionary<string, JobOutput> Outputs(Fields reader)
    {
        var outputs = new Dictionary<string, JobOutput>(StringComparer.Ordinal);
        foreach (var (name, value, line) in reader.Map("outputs"))
        {
            var key = $"outputs.{name}";
            reader.Lines[key] = line;
            if (!Identifier().IsMatch(name))
            {
                reader.Add(key, $"an output name is a letter or '_' then letters, digits or '_'; '{name}' is not");
            }
            else if (value is not YamlMappingNode)
            {
                reader.Add(key, $"an output is a mapping with a path in the workspace share, such as '{{ path: outputs/{name}/ }}'");
            }
            else if (PathOf(reader, key, value) is var (path, type) && path is not null)
            {
                outputs[name] = new JobOutput(path, type ?? JobOutput.Folder);
            }
        }
        return outputs;
    }

    /// <summary>The keys of an input or output given as a mapping: its path inside the workspace share and its type, if written.</summary>
    private static (string? Path, string? Type) PathOf(Fields reader, string key, YamlNode node)
    {
        string? path = null;
        string? type = null;
        foreach (var (field, value, line) in reader.Map(key, node))
        {
            var fieldKey = $"{key}.{field}";
            reader.Lines[fieldKey] = line;
            var text = reader.Scalar(fieldKey, value);
            switch (field)
            {
                case "path":
                    path = SharePath.Normalize(text, out var error);
                    if (error is not null)
                    {
                        reader.Add(fieldKey, error);
                    }
                    break;
                case "type" when text is not null && JobOutput.Types.Contains(text):
                    type = text;
                    break;
                case "type":
                    reader.Add(fieldKey, $"type is {string.Join(" or ", JobOutput.Types)}; '{text}' is not");
                    break;
                default:
                    reader.Add(fieldKey, $"'{field}' is not a key of {key}; its keys are path and type");
                    break;
            }
        }
        if (path is null && !reader.Errors.Any(e => e.Key.StartsWith(key, StringComparison.Ordinal)))
        {
            reader.Add(key, $"{key} needs a 'path' in the workspace share");
        }
        return (path, type);
    }

    private static Dictionary<string, string> EnvironmentVariables(Fields reader)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value, line) in reader.Map("environment_variables"))
        {
            var key = $"environment_variables.{name}";
            reader.Lines[key] = line;
            if (!Identifier().IsMatch(name))
            {
                reader.Add(key, $"a variable name is a letter or '_' then letters, digits or '_'; '{name}' is not");
            }
            else if (reader.Scalar(key, value) is { } text)
            {
                variables[name] = text;
            }
        }
        return variables;
    }

    private static TimeSpan? Timeout(Fields reader)
    {
        var text = reader.Text("timeout");
        if (text is null)
        {
            return null;
        }
        if (SpecDuration.TryParse(text, out var timeout))
        {
            return timeout;
        }
        reader.Add("timeout", $"timeout is a duration such as 90s, 30m, 1h30m or 2d (at most {SpecDuration.Max.TotalDays:0}d); '{text}' is not");
        return null;
    }

    /// <summary>The top-level values, the line of every key seen, and the errors found so far.</summary>
    private sealed class Fields
    {
        public List<SpecError> Errors { get; } = [];
        public Dictionary<string, int> Lines { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, YamlNode> Values { get; } = new(StringComparer.Ordinal);

        public void Add(string key, string message) => Errors.Add(new SpecError(key, Lines.GetValueOrDefault(key, 1), message));

        public void Add(string key, YamlNode at, string message) => Errors.Add(new SpecError(key, (int)at.Start.Line, message));

        /// <summary>A top-level text value, or null when absent or null.</summary>
        public string? Text(string key) => Values.TryGetValue(key, out var node) ? Scalar(key, node) : null;

        /// <summary>A scalar's text (numbers and booleans as written), or null for YAML's null; anything else is an error.</summary>
        public string? Scalar(string key, YamlNode node)
        {
            if (node is not YamlScalarNode scalar)
            {
                Add(key, node, $"'{key}' must be a single value, not a {(node is YamlMappingNode ? "mapping" : "list")}");
                return null;
            }
            return IsNull(scalar) ? null : scalar.Value;
        }

        public int? Int(string key, YamlNode node, int min)
        {
            var text = Scalar(key, node);
            if (text is null)
            {
                return null;
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min)
            {
                return value;
            }
            Add(key, node, $"'{key}' is a whole number of at least {min}; '{text}' is not");
            return null;
        }

        /// <summary>The entries of a top-level mapping (none when absent).</summary>
        public IEnumerable<(string Key, YamlNode Value, int Line)> Map(string key) =>
            Values.TryGetValue(key, out var node) ? Map(key, node) : [];

        public IEnumerable<(string Key, YamlNode Value, int Line)> Map(string key, YamlNode node)
        {
            if (node is YamlScalarNode scalar && IsNull(scalar))
            {
                return [];
            }
            if (node is not YamlMappingNode mapping)
            {
                Add(key, node, $"'{key}' must be a mapping of names to values");
                return [];
            }
            return [.. mapping.Children.Select(pair => (pair.Key is YamlScalarNode { Value: { } k } ? k : "", pair.Value, (int)pair.Key.Start.Line))];
        }

        private static bool IsNull(YamlScalarNode scalar) =>
            scalar.Style is ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
    }
}
