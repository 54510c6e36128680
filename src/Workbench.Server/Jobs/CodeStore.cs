using Microsoft.Extensions.Options;
using Workbench.Domain.Jobs;
using Workbench.Server.Shares;

namespace Workbench.Server.Jobs;

/// <summary>
/// Where a job's uploaded code waits and how it reaches the share. The API unpacks an upload into a
/// folder of the server's own (so a refused archive never shows in the share), stores the job naming
/// that folder, then moves it to jobs/&lt;name&gt;/code. The job's reconciler makes the same move before
/// the launch if a crash came in between, so no job runs without its code. Moves never overwrite.
/// </summary>
public sealed class CodeStore
{
    /// <summary>Uploads no job claims (a crash between unpacking and storing the job) are deleted after this long.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    private readonly string _uploads;
    private readonly WorkspaceShares _shares;
    private readonly TimeProvider _time;

    public CodeStore(IOptions<WorkbenchOptions> options, WorkspaceShares shares, TimeProvider time)
    {
        _uploads = Path.Combine(options.Value.DataDir, "code-uploads");
        _shares = shares;
        _time = time;
        Directory.CreateDirectory(_uploads, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string UploadFolder(Guid upload) => Path.Combine(_uploads, upload.ToString("N"));

    public void DeleteUpload(Guid upload)
    {
        if (Directory.Exists(UploadFolder(upload)))
        {
            Directory.Delete(UploadFolder(upload), recursive: true);
        }
    }

    /// <summary>Whether the share already has a folder for a job of that name (left by hand, say): code is not mixed into it.</summary>
    public bool FolderExists(string workspace, string jobName) =>
        Directory.Exists(Path.Combine(_shares.PathOf(workspace), JobFolders.Root(jobName)));

    /// <summary>Moves the job's upload into the share, unless it is there already; false when neither is (the upload was lost).</summary>
    public bool Install(Job job)
    {
        if (job.CodeUpload is not { } upload)
        {
            return true;
        }
        var share = _shares.PathOf(job.Workspace);
        var code = JobFolders.Code(job.Name);
        var destination = Path.Combine(share, code);
        var source = UploadFolder(upload);
        if (!Directory.Exists(destination) && Directory.Exists(source))
        {
            // Never through a link a compute left in the share: the code lands in the job's own folder, or nowhere.
            foreach (var folder in new[] { JobFolders.All, JobFolders.Root(job.Name) })
            {
                Directory.CreateDirectory(Path.Combine(share, folder));
                if (!ShareFiles.IsPlain(share, folder))
                {
                    return false;
                }
            }
            try
            {
                Directory.Move(source, destination);
            }
            catch (IOException) when (Directory.Exists(destination))
            {
                // Moved by the API and the reconciler at once: the other one won.
            }
        }
        DeleteUpload(upload);
        return Directory.Exists(destination);
    }

    /// <summary>Deletes uploads older than <see cref="StaleAfter"/>: no request takes that long, so no job will claim them.</summary>
    public void DeleteStale()
    {
        var cutoff = _time.GetUtcNow() - StaleAfter;
        foreach (var folder in new DirectoryInfo(_uploads).EnumerateDirectories().Where(d => d.CreationTimeUtc < cutoff.UtcDateTime))
        {
            folder.Delete(recursive: true);
        }
    }
}
