using System.Text.RegularExpressions;

namespace Workbench.Domain.Computes;

/// <summary>Compute name rules, as Azure ML has them: 3–24 characters, a letter first, then letters, digits or hyphens.</summary>
public static partial class ComputeName
{
    public const int MinLength = 3;
    public const int MaxLength = 24;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex Shape();

    /// <summary>Names are unique in a workspace whatever their case, as host names are.</summary>
    public static string Key(string name) => name.ToLowerInvariant();

    /// <summary>Returns why the name is not allowed, or null when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A compute name is required.";
        }
        if (name.Length is < MinLength or > MaxLength)
        {
            return $"A compute name has {MinLength} to {MaxLength} characters; '{name}' has {name.Length}.";
        }
        if (!Shape().IsMatch(name))
        {
            return $"A compute name starts with a letter and holds only letters, digits and hyphens; '{name}' does not.";
        }
        if (name.EndsWith('-') || name.Contains("--"))
        {
            // "--" separates instance, app and workspace in app host names.
            return $"A compute name neither ends with a hyphen nor holds two in a row; '{name}' does.";
        }
        return null;
    }
}
