using Workbench.Domain.Jobs;

namespace Workbench.Server.Jobs;

/// <summary>The compute a queue belongs to: a workspace, the kind of compute, and its name key.</summary>
public sealed record TargetKey(string Workspace, TargetKind Kind, string Compute)
{
    public static TargetKey Of(Job job) => new(job.Workspace, job.TargetKind, job.ComputeKey);

    public override string ToString() => $"{Workspace}/{Kind}/{Compute}".ToLowerInvariant();
}
