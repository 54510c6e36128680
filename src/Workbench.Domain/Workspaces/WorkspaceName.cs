using System.Text.RegularExpressions;

namespace Workbench.Domain.Workspaces;

/// <summary>Workspace names become folder names (the file share) and URL segments, so they stay lowercase and path-safe.</summary>
public static partial class WorkspaceName
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,62}$")]
    private static partial Regex Shape();

    public static string? Validate(string? name) =>
        name is not null && Shape().IsMatch(name)
            ? null
            : $"A workspace name has 2 to 63 characters: a lowercase letter first, then lowercase letters, digits or '-'; '{name}' does not.";
}
