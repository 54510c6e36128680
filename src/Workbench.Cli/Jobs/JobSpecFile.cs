using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Cli.Jobs;

/// <summary>
/// A job spec file as `wb job create -f` reads it: the text goes to the server as written (the server
/// checks it and names the line of each mistake); only 'code' is read here, to find the folder to send.
/// </summary>
internal sealed record JobSpecFile(string Text, string MediaType, string? CodeFolder)
{
    public static JobSpecFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"there is no job spec file '{path}'.");
        }
        var text = File.ReadAllText(path);
        var mediaType = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml";
        var code = CodeOf(text);
        // Relative to the spec file, as in Azure ML, so the command works from any folder.
        var folder = code is null ? null : Path.GetFullPath(code, Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new JobSpecFile(text, mediaType, folder);
    }

    /// <summary>The 'code' value, or null; a spec that does not parse is left for the server to explain.</summary>
    private static string? CodeOf(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return null;
        }
        return stream.Documents is [{ RootNode: YamlMappingNode root }]
            && root.Children.TryGetValue(new YamlScalarNode("code"), out var node)
            && node is YamlScalarNode { Value: { Length: > 0 } code }
            ? code
            : null;
    }
}
