using System.Collections.Concurrent;
using System.Globalization;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Wakes the waits for Slurm jobs' ends the moment a batch script writes a job's exit status: one inotify
/// watch (FileSystemWatcher, subfolders included) on the jobs folder of the share. A share that delivers
/// no events (NFS written from another node) or a host out of inotify instances leaves the waits to their
/// own polls, which find the file all the same.
/// </summary>
internal sealed class ExitStatusSignals : IDisposable
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();
    private readonly FileSystemWatcher? _watcher;

    public ExitStatusSignals(string jobsFolder, string exitStatusName)
    {
        try
        {
            _watcher = new FileSystemWatcher(jobsFolder, exitStatusName)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite,
            };
            // A batch script's shell creates the file and then writes it; a wait woken by the creation alone
            // may find it still empty, and the write wakes it again.
            _watcher.Created += (_, e) => Signal(e.FullPath);
            _watcher.Changed += (_, e) => Signal(e.FullPath);
            _watcher.Renamed += (_, e) => Signal(e.FullPath);
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Completes when the job's exit status is next written; take it before looking for the file, so no write falls between.</summary>
    public Task NextAsync(long jobId) =>
        _waiting.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(long jobId) => _waiting.TryRemove(jobId, out _);

    private void Signal(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(path));
        if (long.TryParse(folder, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId) && _waiting.TryRemove(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    public void Dispose() => _watcher?.Dispose();
}
