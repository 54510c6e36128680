using System.Text.RegularExpressions;

namespace Workbench.Domain.Jobs;

/// <summary>
/// The ${{inputs.NAME}} and ${{outputs.NAME}} references of a job's command, as Azure ML writes them.
/// A literal input becomes its value, a path becomes its place in the sandbox; the text is put in as
/// it is, so the command quotes what needs quoting, as it would by hand.
/// </summary>
public static partial class CommandTemplate
{
    [GeneratedRegex(@"\$\{\{\s*([^}]*?)\s*\}\}")]
    private static partial Regex Reference();

    /// <summary>The references the spec cannot fill, as written ("inputs.epochs", "foo").</summary>
    public static IReadOnlyList<string> Unresolved(string command, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var known = inputs.Select(i => "inputs." + i).Concat(outputs.Select(o => "outputs." + o)).ToHashSet(StringComparer.Ordinal);
        return [.. Reference().Matches(command).Select(m => m.Groups[1].Value).Where(r => !known.Contains(r)).Distinct()];
    }

    /// <summary>The command with every reference filled; <paramref name="shareMount"/> is where the share is seen from inside the job.</summary>
    public static string Expand(string command, IReadOnlyDictionary<string, JobInput> inputs, IReadOnlyDictionary<string, JobOutput> outputs, string shareMount) =>
        Reference().Replace(command, match =>
        {
            var reference = match.Groups[1].Value;
            if (reference.StartsWith("inputs.", StringComparison.Ordinal) && inputs.TryGetValue(reference["inputs.".Length..], out var input))
            {
                return input.Path is { } path ? $"{shareMount}/{path}" : input.Value ?? "";
            }
            if (reference.StartsWith("outputs.", StringComparison.Ordinal) && outputs.TryGetValue(reference["outputs.".Length..], out var output))
            {
                return $"{shareMount}/{output.Path}";
            }
            return match.Value;
        });
}
