namespace Workbench.Domain.Jobs;

/// <summary>Where a job is in its life; Completed, Failed and Canceled are final.</summary>
public enum JobState
{
    Queued,
    Starting,
    Running,
    Completed,
    Failed,
    Canceled,
}
