namespace Workbench.Domain.Jobs;

/// <summary>
/// One row per compute target that jobs were sent to. Every pass that hands out slots bumps its
/// version in the same transaction, with a conditional update on the version it read; of two passes
/// (two workers, two server replicas) that read the same version only one commits, so the slots of a
/// compute are never handed out twice.
/// </summary>
public sealed class SlotLedger
{
    private SlotLedger()
    {
    }

    public SlotLedger(string workspace, TargetKind kind, string target)
    {
        Workspace = workspace;
        Kind = kind;
        Target = target;
    }

    public string Workspace { get; private set; } = "";
    public TargetKind Kind { get; private set; }

    /// <summary>The compute's name key.</summary>
    public string Target { get; private set; } = "";

    public long Version { get; private set; }
}
