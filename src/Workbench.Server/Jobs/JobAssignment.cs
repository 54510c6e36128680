using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Store;

namespace Workbench.Server.Jobs;

/// <summary>
/// The jobs a pass gives slots, moved from Queued to Starting on their compute in one UPDATE (what
/// <see cref="Job.Assign"/> does to one job read whole), those handed beyond the free slots noted as waiting for one.
/// Read whole and saved, they took an UPDATE a job and EF Core's tracking of every column: about half of the queue
/// loop's CPU through a queue drain.
/// </summary>
internal static class JobAssignment
{
    /// <summary>True when every job was still queued and moved; false when one was not (canceled since), and the pass's transaction must roll back.</summary>
    public static async Task<bool> TryAsync(
        WorkbenchDbContext db, IReadOnlyCollection<long> start, IReadOnlyCollection<long> ahead, Guid computeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (start.Count == 0)
        {
            // A pass that only fails jobs too large for their compute.
            return true;
        }
        const string note = JobObservation.Waiting.ForFreeSlot;
        var moved = await db.Jobs
            .Where(j => start.Contains(j.Id) && j.State == JobState.Queued)
            .ExecuteUpdateAsync(job =>
            {
                job.SetProperty(j => j.State, JobState.Starting)
                    .SetProperty(j => j.ComputeId, computeId)
                    .SetProperty(j => j.UpdatedAt, now)
                    .SetProperty(j => j.Version, j => j.Version + 1);
                if (ahead.Count > 0)
                {
                    job.SetProperty(j => j.Message, j => ahead.Contains(j.Id) ? note : j.Message);
                }
            }, cancellationToken);
        return moved == start.Count;
    }
}
