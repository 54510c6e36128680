using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.Jobs;

/// <summary>
/// Follows a job's stdout and stderr at once, each to its own stream here, until the job has ended,
/// then says how it ended. Its exit code becomes wb's, so scripts can run a job like a command.
/// </summary>
internal static class JobFollower
{
    public static async Task<ApiResult<JobResource>> FollowAsync(
        WorkbenchClient client, string workspace, string name, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            client.CopyJobLogAsync(workspace, name, "stdout", follow: true, stdout, cancellationToken),
            client.CopyJobLogAsync(workspace, name, "stderr", follow: true, stderr, cancellationToken));
        return await client.GetJobAsync(workspace, name, cancellationToken);
    }

    /// <summary>0 for a completed job; a failed one's own exit code where it has one (1 otherwise), with a line on stderr.</summary>
    public static int ExitCodeOf(JobResource job)
    {
        if (job.State == "Completed")
        {
            return ExitCodes.Success;
        }
        Console.Error.WriteLine($"error: job {job.Name} {job.State}{(job.Reason is null ? "" : $" ({job.Reason})")}: {job.Message}");
        return job.ExitCode is > 0 and < 256 ? job.ExitCode.Value : ExitCodes.Failure;
    }
}
