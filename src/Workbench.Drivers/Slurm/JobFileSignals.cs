using System.Collections.Concurrent;
using System.Globalization;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Wakes the waits on Slurm jobs the moment a batch script writes one of a job's files (its start, its exit
/// status): one inotify watch (FileSystemWatcher, subfolders included) on the jobs folder of the share. A
/// share that delivers no events (NFS written from another node) or a host out of inotify instances leaves
/// the waits to their own polls, which find the files all the same.
/// </summary>
internal sealed class JobFileSignals : IDisposable
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();
    private readonly FileSystemWatcher? _watcher;

    public JobFileSignals(string jobsFolder, params string[] fileNames)
    {
        try
        {
            _watcher = new FileSystemWatcher(jobsFolder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName,
            };
            foreach (var name in fileNames)
            {
                _watcher.Filters.Add(name);
            }
            _watcher.Created += (_, e) => Signal(e.FullPath);
            _watcher.Renamed += (_, e) => Signal(e.FullPath);
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Completes when one of the job's files is next written; take it before looking for the files, so no write falls between.</summary>
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
