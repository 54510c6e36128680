using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Workbench.Domain.Jobs;

/// <summary>
/// Job name rules: 1–64 letters, digits, '-' or '_', a letter or digit first. A name is also the job's
/// folder in the file share (jobs/&lt;name&gt;/), so it never holds a path separator or dots.
/// </summary>
public static partial class JobName
{
    public const int MaxLength = 64;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex Shape();

    /// <summary>Unique in a workspace whatever the case, so two jobs never share a folder on a case-insensitive copy of the share.</summary>
    public static string Key(string name) => name.ToLowerInvariant();

    /// <summary>Returns why the name is not allowed, or null when it is.</summary>
    public static string? Validate(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > MaxLength || !Shape().IsMatch(name)
            ? $"A job name has 1 to {MaxLength} letters, digits, '-' or '_', a letter or digit first; '{name}' does not."
            : null;

    /// <summary>A name for a job submitted without one: "job-" and ten random letters and digits.</summary>
    public static string Generate() => "job-" + RandomNumberGenerator.GetString(Alphabet, 10);
}
