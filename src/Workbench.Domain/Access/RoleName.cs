using System.Text.RegularExpressions;

namespace Workbench.Domain.Access;

/// <summary>What a custom role may be called: words as the built-in ones are, never a built-in name.</summary>
public static partial class RoleName
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9 _-]{0,62}[A-Za-z0-9]$")]
    private static partial Regex Shape();

    /// <summary>Null when the name fits a custom role, else why not.</summary>
    public static string? Validate(string? name) =>
        name is null || !Shape().IsMatch(name)
            ? $"A role name has 2 to 64 characters: a letter first, then letters, digits, spaces, '-' or '_'; '{name}' does not."
            : BuiltInRoles.Find(name) is not null
            ? $"'{name}' is a built-in role; choose another name."
            : null;
}
