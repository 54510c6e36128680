using Workbench.Domain.Jobs;

namespace Workbench.Server.Jobs;

/// <summary>A job spec that has the right shape, with the line of each key so later checks can point at it.</summary>
public sealed record ParsedJobSpec(JobSpec Spec, IReadOnlyDictionary<string, int> Lines)
{
    /// <summary>The key's line, or 1 when the spec left it out.</summary>
    public int LineOf(string key) => Lines.GetValueOrDefault(key, 1);

    public SpecError Error(string key, string message) => new(key, LineOf(key), message);
}
