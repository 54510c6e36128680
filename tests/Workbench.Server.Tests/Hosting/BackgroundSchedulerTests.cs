using System.Diagnostics;
using System.Globalization;
using Workbench.Server.Hosting;

namespace Workbench.Server.Tests.Hosting;

/// <summary>
/// The control loops' scheduler: what it runs, and what that awaits, runs on its own threads at a lower priority
/// than the API's; a command started from there inherits it; work still waiting when it is disposed finishes.
/// Priorities read back from /proc.
/// </summary>
public sealed class BackgroundSchedulerTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Work_AndWhatItAwaits_RunsOnItsThreads_AtItsNiceValue()
    {
        using var scheduler = new BackgroundScheduler("test", 2);
        var seen = new List<(int Nice, string Name)>();
        await scheduler.Run(async () =>
        {
            seen.Add(ThisThread());
            await Task.Delay(20, _ct);
            seen.Add(ThisThread());
            await Task.Yield();
            seen.Add(ThisThread());
        });

        Assert.Equal(3, seen.Count);
        Assert.All(seen, thread => Assert.Equal((BackgroundScheduler.Nice, "test loop"), thread));
        Assert.NotEqual(BackgroundScheduler.Nice, ThisThread().Nice);
    }

    [Fact]
    public async Task ACommandStartedByItsWork_InheritsItsNiceValue()
    {
        using var scheduler = new BackgroundScheduler("test", 1);
        var stat = "";
        await scheduler.Run(async () =>
        {
            using var process = Process.Start(new ProcessStartInfo("/bin/cat", "/proc/self/stat") { RedirectStandardOutput = true })!;
            stat = await process.StandardOutput.ReadToEndAsync(_ct);
            await process.WaitForExitAsync(_ct);
        });

        Assert.Equal(BackgroundScheduler.Nice, NiceOf(stat));
    }

    [Fact]
    public async Task WorkStillWaiting_WhenItIsDisposed_FinishesOnTheThreadPool()
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishedOnThePool = false;
        Task work;
        using (var scheduler = new BackgroundScheduler("test", 1))
        {
            work = scheduler.Run(async () =>
            {
                waiting.SetResult();
                await released.Task;
                finishedOnThePool = Thread.CurrentThread.IsThreadPoolThread;
            });
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10), _ct);
            // Its one thread runs this only once the work above has got to its await: released then comes after that,
            // else the work could find it set already and finish on the scheduler's thread.
            await scheduler.Run(() => Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(10), _ct);
        }
        released.SetResult();

        await work.WaitAsync(TimeSpan.FromSeconds(10), _ct);
        Assert.True(finishedOnThePool);
    }

    private static (int Nice, string Name) ThisThread() =>
        (NiceOf(File.ReadAllText("/proc/thread-self/stat")), File.ReadAllText("/proc/thread-self/comm").Trim());

    /// <summary>Field 19 of a stat line, counted after the command name in parentheses.</summary>
    private static int NiceOf(string stat) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
}
