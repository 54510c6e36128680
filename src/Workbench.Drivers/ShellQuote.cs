using System.Text;

namespace Workbench.Drivers;

/// <summary>Quotes text for /bin/sh.</summary>
internal static class ShellQuote
{
    /// <summary>Single quotes: nothing inside is expanded.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Double-quoted body with every expansion character escaped.</summary>
    public static string InDoubleQuotes(string text)
    {
        var quoted = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '"' or '$' or '`')
            {
                quoted.Append('\\');
            }
            quoted.Append(c);
        }
        return quoted.ToString();
    }
}
