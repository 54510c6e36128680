using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workbench.Drivers.Local;

/// <summary>
/// Job launchers started ahead of need, as servers keep pre-forked workers: each is a bash in a session of its
/// own with a clean environment (<see cref="Launcher.StartInSession"/>), waiting on its standard input for a job's
/// folder, whose run.sh it then reads and runs in itself, so that its pid is the launcher's that run.sh records,
/// as with <see cref="Launcher.Start"/>. Handing a job over is a pipe write instead of starting setsid and bash
/// (~8 ms of process start-up on these machines) on the way from a freed slot to the next job's start. An idle
/// launcher whose server went away reads end-of-file and exits; one that died while idle is passed over.
/// </summary>
internal sealed class IdleLaunchers : IDisposable
{
    /// <summary>How many wait at once: a queue's pass can hand out a few slots together, and each one taken is replaced at once.</summary>
    private const int Kept = 2;

    /// <summary>What an idle launcher runs: one line, a job's folder; then that folder's run.sh, read by this same shell.</summary>
    private const string AwaitFolder = "IFS= read -r folder || exit 0; cd \"$folder\" || exit 1; . ./run.sh";

    private readonly ConcurrentQueue<Process> _idle = new();

    // Launchers idle or being started for the queue: never more than Kept.
    private int _kept;
    private volatile bool _disposed;

    /// <summary>Hands the job's folder to an idle launcher (or to one started now, the first time) and returns it.</summary>
    public Process Run(LaunchFolder folder)
    {
        while (_idle.TryDequeue(out var launcher))
        {
            Interlocked.Decrement(ref _kept);
            TopUp();
            if (TryHand(launcher, folder))
            {
                return launcher;
            }
            launcher.Dispose();
        }
        TopUp();
        var started = Start();
        return TryHand(started, folder) ? started : throw new DriverException("A job launcher exited before it was given its job.");
    }

    /// <summary>Ends the launchers still waiting: each reads end-of-file and exits.</summary>
    public void Dispose()
    {
        _disposed = true;
        EndIdle();
    }

    private static Process Start() => Launcher.StartInSession([JobScripts.Shell, "-c", AwaitFolder], "/", new Dictionary<string, string>(), withInput: true);

    /// <summary>Starts launchers in the background until <see cref="Kept"/> are idle or on their way.</summary>
    private void TopUp()
    {
        while (Interlocked.Increment(ref _kept) <= Kept)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    _idle.Enqueue(Start());
                    if (_disposed)
                    {
                        EndIdle();
                    }
                }
                catch (DriverException)
                {
                    // Could not start one now; the next job starts its own, and its error says why.
                    Interlocked.Decrement(ref _kept);
                }
            });
        }
        Interlocked.Decrement(ref _kept);
    }

    private void EndIdle()
    {
        while (_idle.TryDequeue(out var launcher))
        {
            try
            {
                launcher.StandardInput.Close();
            }
            catch (IOException)
            {
                // It had died already.
            }
            launcher.Dispose();
        }
    }

    private static bool TryHand(Process launcher, LaunchFolder folder)
    {
        try
        {
            launcher.StandardInput.WriteLine(folder.Root);
            launcher.StandardInput.Close();
            return true;
        }
        catch (IOException)
        {
            // It died while it waited: its end of the pipe is gone.
            return false;
        }
    }
}
