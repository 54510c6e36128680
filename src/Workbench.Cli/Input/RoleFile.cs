using Workbench.Contracts;
using Workbench.Domain.Access;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Cli.Input;

/// <summary>
/// Reads a custom role from YAML (name, description, actions, notActions, ownComputesOnly), as Azure role
/// definitions have them, and says which key on which line is wrong before anything is sent.
/// </summary>
internal static class RoleFile
{
    private static readonly string[] Keys = ["name", "description", "actions", "notActions", "ownComputesOnly"];

    public static (string Name, PutRoleRequest Request) Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw Invalid(source, e.Start.Line, e.InnerException?.Message ?? e.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Invalid(source, 1, "the file must be a mapping with at least 'name' and 'actions'");
        }
        foreach (var key in root.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } text } || !Keys.Contains(text))
            {
                throw Invalid(source, key.Start.Line, $"unknown key '{key}'; a role has {string.Join(", ", Keys)}");
            }
        }
        var nameNode = Scalar(root, "name", source) ?? throw Invalid(source, root.Start.Line, "'name' is missing");
        if (RoleName.Validate(nameNode.Value) is { } badName)
        {
            throw Invalid(source, nameNode.Start.Line, $"name: {badName}");
        }
        var actions = Patterns(root, "actions", source);
        if (actions.Count == 0)
        {
            throw Invalid(source, root.Start.Line, "'actions' needs at least one action");
        }
        var ownComputesOnly = Scalar(root, "ownComputesOnly", source) is { } own
            ? bool.TryParse(own.Value, out var parsed) ? parsed : throw Invalid(source, own.Start.Line, $"ownComputesOnly must be true or false; it is '{own.Value}'")
            : false;
        return (nameNode.Value!, new PutRoleRequest(Scalar(root, "description", source)?.Value, actions, Patterns(root, "notActions", source), ownComputesOnly));
    }

    private static YamlScalarNode? Scalar(YamlMappingNode root, string key, string source) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node as YamlScalarNode ?? throw Invalid(source, node.Start.Line, $"'{key}' must be a single value")
            : null;

    /// <summary>A list of action patterns, each checked where it stands.</summary>
    private static List<string?> Patterns(YamlMappingNode root, string key, string source)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }
        if (node is not YamlSequenceNode list)
        {
            throw Invalid(source, node.Start.Line, $"'{key}' must be a list of actions");
        }
        var patterns = new List<string?>();
        foreach (var (item, i) in list.Children.Select((item, i) => (item, i)))
        {
            var text = (item as YamlScalarNode)?.Value;
            if (ActionPattern.Parse(text).Error is { } error)
            {
                throw Invalid(source, item.Start.Line, $"{key}[{i}]: {error}");
            }
            patterns.Add(text);
        }
        return patterns;
    }

    private static CliException Invalid(string source, long line, string what) => new($"role file {source}, line {line}: {what}");
}
