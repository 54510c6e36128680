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
    // The waits on each job's files: how many, and the write they wait for next. Several waits may look at one job at
    // once (its own start or end, and a later job's hand-over waiting for its claim); each is woken by the same write.
    private readonly Dictionary<long, Waits> _waiting = [];
    private readonly Lock _lock = new();
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

    /// <summary>
    /// Any file named "&lt;id&gt;.&lt;record&gt;", side by side in one folder (a local instance's job records), but those ending in
    /// <paramref name="quietRecord"/>: a job's log, whose writes say nothing of how it goes, wakes no wait.
    /// </summary>
    public static JobFileSignals ByFileName(string folder, string quietRecord) =>
        new(folder, "*", inSubfolders: false, path => Path.GetFileName(path) is var name && !name.EndsWith(quietRecord, StringComparison.Ordinal) ? name.Split('.')[0] : "");

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
        Enter(jobId);
        try
        {
            for (var look = 1; ; look++)
            {
                // Taken before the look, so a write between the two still wakes the wait.
                var written = NextWrite(jobId);
                if (await holds(look))
                {
                    Forget(jobId, written);
                    return true;
                }
                if (timeout != Timeout.InfiniteTimeSpan && time.GetElapsedTime(waited) > timeout)
                {
                    Forget(jobId, written);
                    return false;
                }
                await WokenAsync(jobId, written, poll, time, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            Leave(jobId);
        }
    }

    private void Enter(long jobId)
    {
        lock (_lock)
        {
            if (!_waiting.TryGetValue(jobId, out var waits))
            {
                _waiting[jobId] = waits = new Waits();
            }
            waits.Count++;
        }
    }

    private void Leave(long jobId)
    {
        lock (_lock)
        {
            if (--_waiting[jobId].Count == 0)
            {
                _waiting.Remove(jobId);
            }
        }
    }

    /// <summary>Completes when one of the job's files is next written; take it before looking at the file, so no write falls between.</summary>
    private TaskCompletionSource NextWrite(long jobId)
    {
        // Completed outside the signal's stack: the wait resumes on the scheduler it began on (a loop's thread), without a
        // hop through the thread pool between, as a Task.WaitAsync on a shared write took.
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiting[jobId].Writes.Add(written);
        }
        return written;
    }

    /// <summary>
    /// Until the write, the poll or a cancel. Not a Task.Delay beside the write: that timer would still fire after a write
    /// woke the wait, a wake-up for nothing at each look; this one goes with the wait.
    /// </summary>
    private async Task WokenAsync(long jobId, TaskCompletionSource written, TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using (time.CreateTimer(static written => ((TaskCompletionSource)written!).TrySetResult(), written, poll, Timeout.InfiniteTimeSpan))
        using (cancellationToken.Register(static written => ((TaskCompletionSource)written!).TrySetResult(), written))
        {
            await written.Task;
        }
        Forget(jobId, written);
    }

    /// <summary>A look's write that no longer wakes anyone: its poll or its wait ended first.</summary>
    private void Forget(long jobId, TaskCompletionSource written)
    {
        lock (_lock)
        {
            _waiting[jobId].Writes.Remove(written);
        }
    }

    private void Signal(string path)
    {
        if (!long.TryParse(_jobOf(path), NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
        {
            return;
        }
        TaskCompletionSource[] written;
        lock (_lock)
        {
            if (!_waiting.TryGetValue(jobId, out var waits) || waits.Writes.Count == 0)
            {
                return;
            }
            written = [.. waits.Writes];
            waits.Writes.Clear();
        }
        foreach (var write in written)
        {
            write.TrySetResult();
        }
    }

    /// <summary>How many waits look at one job, and the write of its files each of their looks waits for.</summary>
    private sealed class Waits
    {
        public int Count;
        public readonly List<TaskCompletionSource> Writes = [];
    }

    public void Dispose() => _watcher?.Dispose();
}
