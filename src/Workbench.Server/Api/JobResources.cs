using Workbench.Contracts;
using Workbench.Domain.Jobs;

namespace Workbench.Server.Api;

/// <summary>Turns stored jobs into what the API shows.</summary>
public static class JobResources
{
    public static JobResource ToResource(this Job job) => new(
        job.Name,
        job.Workspace,
        job.DisplayName,
        job.ExperimentName,
        job.Description,
        job.Compute,
        job.Environment,
        job.Command,
        job.Code,
        new JobResourceRequest(job.Cpu, job.MemoryBytes, job.Gpu, job.Nodes),
        job.Inputs.ToDictionary(i => i.Key, i => new JobInputResource(i.Value.Value, i.Value.Path, i.Value.Type)),
        job.Outputs.ToDictionary(o => o.Key, o => new JobOutputResource(o.Value.Path, o.Value.Type)),
        job.EnvironmentVariables,
        job.Timeout is { } timeout ? SpecDuration.Format(timeout) : null,
        job.State.ToString(),
        job.Reason?.ToString(),
        job.Message,
        job.ExitCode,
        job.SubmittedBy,
        job.SubmittedAt,
        job.StartedAt,
        job.EndedAt,
        job.UpdatedAt,
        JobFolders.LogFiles.ToDictionary(log => log.Key, log => $"{JobFolders.Logs(job.Name)}/{log.Value}"));
}
