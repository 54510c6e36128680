using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Jobs;
using Workbench.Server.Shares;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>A job's files in the workspace share: its logs (whole, or followed as they grow) and its outputs.</summary>
public static partial class JobApi
{
    private const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>stdout or stderr; with follow=true the answer streams until the job has ended and its log is sent to the end.</summary>
    private static async Task<IResult> LogAsync(
        string workspace, string name, string stream, WorkbenchDbContext db, WorkspaceShares shares, CancellationToken ct, bool follow = false)
    {
        if (!JobFolders.LogFiles.TryGetValue(stream, out var file))
        {
            return ApiProblems.NotFound($"A job has no log '{stream}'; its logs are {string.Join(", ", JobFolders.LogFiles.Keys)}.");
        }
        var job = await FindAsync(db, workspace, name, ct, tracked: false);
        if (job is null)
        {
            return NoSuchJob(workspace, name);
        }
        var share = shares.PathOf(workspace);
        var path = $"{JobFolders.Logs(job.Name)}/{file}";
        if (!follow)
        {
            return ShareFiles.OpenRead(share, path) is { } log ? TypedResults.Stream(log, TextPlain) : TypedResults.Text("", TextPlain);
        }
        return new FollowedLog(
            () => ShareFiles.OpenRead(share, path),
            async token => JobStateMachine.IsFinal(await db.Jobs.AsNoTracking().Where(j => j.Id == job.Id).Select(j => j.State).SingleAsync(token)));
    }

    private static async Task<Results<Ok<Page<JobOutputFile>>, ProblemHttpResult>> ListOutputsAsync(
        string workspace, string name, WorkbenchDbContext db, WorkspaceShares shares, CancellationToken ct)
    {
        var job = await FindAsync(db, workspace, name, ct, tracked: false);
        if (job is null)
        {
            return NoSuchJob(workspace, name);
        }
        var share = shares.PathOf(workspace);
        var files = job.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal)
            .SelectMany(output => ShareFiles.List(share, output.Value.Path).Select(f => new JobOutputFile(output.Key, f.Path, f.Size)));
        return TypedResults.Ok(new Page<JobOutputFile>([.. files], null));
    }

    private static async Task<IResult> OutputFileAsync(
        string workspace, string name, string output, string path, WorkbenchDbContext db, WorkspaceShares shares, CancellationToken ct)
    {
        var job = await FindAsync(db, workspace, name, ct, tracked: false);
        if (job is null)
        {
            return NoSuchJob(workspace, name);
        }
        if (job.Outputs.GetValueOrDefault(output)?.Path is not { } outputPath)
        {
            return ApiProblems.NotFound($"Job '{job.Name}' has no output '{output}'; its outputs are {string.Join(", ", job.Outputs.Keys)}.");
        }
        var relative = SharePath.Normalize(path, out var error);
        if (relative is null)
        {
            return ApiProblems.Invalid("path", $"The file's path {error}.");
        }
        var share = shares.PathOf(workspace);
        // An output may be one file; its only file is then named by the file's own name.
        var full = !File.Exists(Path.Combine(share, outputPath)) ? $"{outputPath}/{relative}"
            : relative == Path.GetFileName(outputPath) ? outputPath
            : null;
        return full is not null && ShareFiles.OpenRead(share, full) is { } file
            ? TypedResults.Stream(file, "application/octet-stream", Path.GetFileName(relative))
            : ApiProblems.NotFound($"Output '{output}' of job '{job.Name}' has no file '{relative}'.");
    }
}
