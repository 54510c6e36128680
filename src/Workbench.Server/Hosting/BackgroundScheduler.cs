using System.Runtime.InteropServices;

namespace Workbench.Server.Hosting;

/// <summary>
/// Runs the control loops (reconciles, queue passes) on threads of their own, each at a lower CPU priority than
/// the threads that answer the API (<see cref="Nice"/> within the server's scheduling group). With both cores busy
/// a request no longer waits its turn behind a reconcile, and the commands a reconcile starts (Slurm's sbatch and
/// scontrol) inherit the priority from the thread that forks them. A loop's work stays here, awaits included: an
/// await resumes on the scheduler it began on (TaskScheduler.Current). Each loop has as many threads as workers, so
/// a worker blocked in a synchronous call (SQLite's are all synchronous) holds up no other. An idle thread sleeps in
/// Monitor.Wait: a BlockingCollection's SemaphoreSlim spun before it slept, 12% of the server's CPU in a queue drain.
/// </summary>
public sealed partial class BackgroundScheduler : TaskScheduler, IDisposable
{
    /// <summary>The nice value of the loops' threads: a third of an API thread's weight when both want the CPU.</summary>
    public const int Nice = 5;

    [ThreadStatic]
    private static BackgroundScheduler? _runningOn;

    private readonly Queue<Task> _tasks = [];
    private readonly object _gate = new();
    private readonly Thread[] _threads;
    private bool _disposed;

    public BackgroundScheduler(string name, int threads)
    {
        _threads = [.. Enumerable.Range(0, threads).Select(_ => new Thread(Run) { IsBackground = true, Name = $"{name} loop" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Runs <paramref name="work"/> here, with everything it awaits.</summary>
    public Task Run(Func<Task> work) => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    protected override void QueueTask(Task task)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _tasks.Enqueue(task);
                Monitor.Pulse(_gate);
                return;
            }
        }
        // Its loop has stopped: what still comes back to it (a watch of a job ending, say) finishes on the thread pool.
        ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _runningOn == this && !taskWasPreviouslyQueued && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_gate)
        {
            return [.. _tasks];
        }
    }

    /// <summary>Its threads run what is queued, then end; what comes later runs on the thread pool.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        _runningOn = this;
        // Lowering a thread's own priority needs no privilege; where it is refused the loops run as before.
        _ = SetPriority(ProcessPriority, GetThreadId(), Nice);
        while (Next() is { } task)
        {
            TryExecuteTask(task);
        }
    }

    private Task? Next()
    {
        lock (_gate)
        {
            while (_tasks.Count == 0 && !_disposed)
            {
                Monitor.Wait(_gate);
            }
            return _tasks.TryDequeue(out var task) ? task : null;
        }
    }

    private const int ProcessPriority = 0; // PRIO_PROCESS: with a thread id, that thread alone

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
