using System.Collections.Concurrent;

namespace Workbench.Server.Reconcile;

/// <summary>
/// Waits on each running job's processes and queues the job for its reconciler the moment they end,
/// so a freed slot is handed on at once rather than at the next poll. In memory only: after a restart
/// the resync finds every running job and its reconciler watches it again.
/// </summary>
public sealed class JobWatchers(JobQueue jobs) : IDisposable
{
    private readonly ConcurrentDictionary<long, bool> _watching = new();
    private readonly CancellationTokenSource _stopping = new();

    public void Watch(long jobId, Func<CancellationToken, Task> waitForEnd)
    {
        if (_watching.TryAdd(jobId, true))
        {
            _ = WatchAsync(jobId, waitForEnd);
        }
    }

    private async Task WatchAsync(long jobId, Func<CancellationToken, Task> waitForEnd)
    {
        try
        {
            await waitForEnd(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Whatever went wrong watching, the reconciler looks at the job itself.
        }
        finally
        {
            _watching.TryRemove(jobId, out _);
        }
        jobs.Enqueue(jobId);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
