using Workbench.Domain.Jobs;

namespace Workbench.Server.Jobs;

/// <summary>
/// The outcome of checking a submitted spec against the workspace: the spec made whole (its name,
/// environment and display name filled in) and its compute; or what is wrong; or why the caller may not.
/// </summary>
public sealed record SubmissionCheck(JobSpec? Spec, JobTargetView? Target, IReadOnlyList<SpecError> Errors, string? Forbidden)
{
    public static SubmissionCheck Invalid(IReadOnlyList<SpecError> errors) => new(null, null, errors, null);
}
