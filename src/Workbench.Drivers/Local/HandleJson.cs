using System.Text.Json;

namespace Workbench.Drivers.Local;

/// <summary>Reads a handle the store kept; a missing or damaged one reads as null, and the driver looks at its folder instead.</summary>
internal static class HandleJson
{
    public static T? Parse<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T? Read<T>(string path) where T : class => File.Exists(path) ? Parse<T>(File.ReadAllText(path)) : null;
}
