using System.Text.RegularExpressions;

namespace Workbench.Domain.Access;

/// <summary>
/// One entry of a role's actions or notActions: an action string where '*' stands for any run of
/// characters ("workspaces/computes/*", "*/read", "*"). Matching ignores case, as Azure's does.
/// </summary>
public sealed partial class ActionPattern
{
    private readonly string[] _pieces;

    private ActionPattern(string text)
    {
        Text = text;
        _pieces = text.Split('*');
    }

    public string Text { get; }

    /// <summary>Glob matching with '*' only: the first piece is a prefix, the last a suffix, the rest appear in order between.</summary>
    public bool Matches(string action)
    {
        if (_pieces.Length == 1)
        {
            return action.Equals(Text, StringComparison.OrdinalIgnoreCase);
        }
        if (!action.StartsWith(_pieces[0], StringComparison.OrdinalIgnoreCase) || !action.EndsWith(_pieces[^1], StringComparison.OrdinalIgnoreCase)
            || action.Length < _pieces[0].Length + _pieces[^1].Length)
        {
            return false;
        }
        var at = _pieces[0].Length;
        var end = action.Length - _pieces[^1].Length;
        foreach (var piece in _pieces[1..^1])
        {
            var found = action.IndexOf(piece, at, end - at, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }
            at = found + piece.Length;
        }
        return true;
    }

    [GeneratedRegex("^[A-Za-z*][A-Za-z0-9*/.-]{0,127}$")]
    private static partial Regex Shape();

    /// <summary>The pattern, or why the text is not one.</summary>
    public static (ActionPattern? Pattern, string? Error) Parse(string? text)
    {
        if (text is null || !Shape().IsMatch(text) || text.Contains("//", StringComparison.Ordinal) || text.EndsWith('/'))
        {
            return (null, $"'{text}' is not an action: use slash-separated words such as 'workspaces/computes/read', with '*' as a wildcard.");
        }
        return (new ActionPattern(text), null);
    }

    /// <summary>A pattern known to be well formed (the built-in roles).</summary>
    public static ActionPattern Of(string text) => Parse(text).Pattern ?? throw new ArgumentException(Parse(text).Error, nameof(text));

    public override string ToString() => Text;
}
