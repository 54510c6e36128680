using System.Text.RegularExpressions;
using Workbench.Domain.Catalog;
using Workbench.Drivers;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Workbench.Server.Catalog;

/// <summary>Reads one image definition (YAML) and says precisely what is wrong with a bad one.</summary>
public static partial class ImageFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex NameShape();

    public static ImageDefinition Parse(string yaml, string source)
    {
        ImageYaml raw;
        try
        {
            raw = Yaml.Deserialize<ImageYaml>(yaml) ?? throw Invalid(source, "the file is empty");
        }
        catch (YamlException e)
        {
            throw Invalid(source, $"line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        if (raw.Name is null || !NameShape().IsMatch(raw.Name))
        {
            throw Invalid(source, $"'name' must be lowercase letters, digits and hyphens; it is '{raw.Name}'");
        }
        if (raw.Apps is not { Count: > 0 })
        {
            throw Invalid(source, "'apps' needs at least one app");
        }
        var apps = raw.Apps.Select((app, i) =>
        {
            if (app.Name is null || !NameShape().IsMatch(app.Name))
            {
                throw Invalid(source, $"apps[{i}].name must be lowercase letters, digits and hyphens; it is '{app.Name}'");
            }
            if (app.Name == SshAccess.EndpointName)
            {
                throw Invalid(source, $"apps[{i}].name '{app.Name}' is taken by the instance's SSH server (given by an SSH key, not by an image)");
            }
            if (string.IsNullOrWhiteSpace(app.Command) || string.IsNullOrWhiteSpace(app.Readiness))
            {
                throw Invalid(source, $"app '{app.Name}' needs a command and a readiness path");
            }
            return new AppDefinition(app.Name, app.Command.Trim(), app.Readiness.TrimStart('/'), app.Environment ?? []);
        }).ToList();
        if (apps.Select(a => a.Name).Distinct().Count() != apps.Count)
        {
            throw Invalid(source, "two apps have the same name");
        }
        var requires = (raw.Requires ?? []).Select(r => new HostRequirement(
            r.Program ?? throw Invalid(source, "every 'requires' entry needs a program"),
            r.Package ?? throw Invalid(source, $"'requires' entry {r.Program} needs the Debian package that brings it"))).ToList();
        return new ImageDefinition(raw.Name, raw.Description ?? "", raw.Tools ?? [], requires, apps);
    }

    private static InvalidOperationException Invalid(string source, string what) => new($"Image {source}: {what}.");

    // The YAML shape; unknown keys are refused by the deserializer, naming the line.
    private sealed class ImageYaml
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public List<string>? Tools { get; set; }
        public List<RequirementYaml>? Requires { get; set; }
        public List<AppYaml>? Apps { get; set; }
    }

    private sealed class RequirementYaml
    {
        public string? Program { get; set; }
        public string? Package { get; set; }
    }

    private sealed class AppYaml
    {
        public string? Name { get; set; }
        public string? Command { get; set; }
        public string? Readiness { get; set; }
        public Dictionary<string, string>? Environment { get; set; }
    }
}
