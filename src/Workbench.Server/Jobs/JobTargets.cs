using Workbench.Domain.Jobs;

namespace Workbench.Server.Jobs;

/// <summary>Every kind of compute that runs jobs, looked up by name or by kind.</summary>
public sealed class JobTargets(IEnumerable<IJobTarget> targets)
{
    private readonly IReadOnlyList<IJobTarget> _targets = [.. targets];

    public IJobTarget Of(TargetKind kind) => _targets.First(t => t.Kind == kind);

    /// <summary>The compute a job spec names, whatever its kind (compute names are one namespace in a workspace).</summary>
    public async Task<JobTargetView?> FindAsync(string workspace, string compute, CancellationToken cancellationToken)
    {
        foreach (var target in _targets)
        {
            if (await target.FindAsync(workspace, compute.ToLowerInvariant(), cancellationToken) is { } found)
            {
                return found;
            }
        }
        return null;
    }
}
