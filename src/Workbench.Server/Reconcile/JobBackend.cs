using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Jobs;

namespace Workbench.Server.Reconcile;

/// <summary>A job's kind of compute with the driver that runs that job, looked up once per pass.</summary>
public sealed record JobBackend(IJobTarget Target, IJobDriver Driver)
{
    public Task<JobLaunch?> LaunchOfAsync(Job job, CancellationToken cancellationToken) => Target.LaunchOfAsync(job, cancellationToken);
}
