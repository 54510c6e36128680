using System.Collections.Concurrent;
using System.Globalization;

namespace Workbench.Drivers;

/// <summary>
/// Wakes the waits on a job's files (its exit status, its start record) the moment one is written: one
/// inotify watch (FileSystemWatcher) on the folder they are written in. A folder that delivers no events
/// (NFS written from another node) or a host out of inotify instances leaves the waits to their own polls,
/// which find the files all the same.
/// </summary>
internal sealed class JobFileSignals : IDisposable
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();
    private readonly Func<string, string> _jobOf;
    private readonly FileSystemWatcher? _watcher;

    private JobFileSignals() => _jobOf = _ => "";

    private JobFileSignals(string folder, string filter, bool inSubfolders, Func<string, string> jobOf)
    {
        _jobOf = jobOf;
        try
        {
            _watcher = new FileSystemWatcher(folder, filter)
            {
                IncludeSubdirectories = inSubfolders,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite,
            };
            // A script's shell creates the file and then writes it; a wait woken by the creation alone
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

    /// <summary>Exit statuses named <paramref name="exitStatusName"/>, each in a folder named by its job's id (Slurm's jobs in the share).</summary>
    public static JobFileSignals InJobFolders(string jobsFolder, string exitStatusName) =>
        new(jobsFolder, exitStatusName, inSubfolders: true, path => Path.GetFileName(Path.GetDirectoryName(path)) ?? "");

    /// <summary>Any file named "&lt;id&gt;.&lt;record&gt;", side by side in one folder (a local instance's job records).</summary>
    public static JobFileSignals ByFileName(string folder) =>
        new(folder, "*", inSubfolders: false, path => Path.GetFileName(path).Split('.')[0]);

    /// <summary>No signals, for a folder that is not there yet: its waits only poll.</summary>
    public static JobFileSignals None() => new();

    /// <summary>
    /// True once <paramref name="holds"/> does (it is given the look's number, from 1), looked at again whenever
    /// one of the job's files is written, or after each <paramref name="poll"/> should no signal come; false
    /// when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> UntilAsync(
        long jobId, Func<int, ValueTask<bool>> holds, TimeSpan poll, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var waited = time.GetTimestamp();
        try
        {
            for (var look = 1; ; look++)
            {
                // Taken before the look, so a write between the two still wakes the wait.
                var written = NextAsync(jobId);
                if (await holds(look))
                {
                    return true;
                }
                if (timeout != Timeout.InfiniteTimeSpan && time.GetElapsedTime(waited) > timeout)
                {
                    return false;
                }
                await Task.WhenAny(written, Task.Delay(poll, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            _waiting.TryRemove(jobId, out _);
        }
    }

    /// <summary>Completes when one of the job's files is next written; take it before looking at the file, so no write falls between.</summary>
    public Task NextAsync(long jobId) =>
        _waiting.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void Signal(string path)
    {
        if (long.TryParse(_jobOf(path), NumberStyles.None, CultureInfo.InvariantCulture, out var jobId) && _waiting.TryRemove(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    public void Dispose() => _watcher?.Dispose();
}
