namespace Workbench.Domain.Jobs;

/// <summary>The kind of compute a job runs on. Clusters join as a second kind; the queue and its ledger do not change.</summary>
public enum TargetKind
{
    Instance,
}
