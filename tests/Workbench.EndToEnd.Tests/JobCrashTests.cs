using System.Net;
using System.Net.Http.Json;
using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>
/// kill -9 of the server with jobs queued and running: after a restart every job reaches a final state
/// once, a job that ended while the server was down has its exit code, and every log is complete.
/// </summary>
[Trait("Category", "Crash")]
public sealed class JobCrashTests : IAsyncDisposable
{
    private const string AdminToken = "wb_job-crash-admin";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(120);
    private readonly TempFolder _data = new("wb-job-crash");
    private readonly ServerProcess _server;
    private HttpClient _api = null!;

    public JobCrashTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
    }

    private string Share => Path.Combine(_data.Path, "shares", "default");

    /// <summary>A job that notes that it ran, then prints numbered lines a little apart, then exits with the code.</summary>
    private static string Counting(int lines, double gap, int exitCode = 0) =>
        $"echo $WB_JOB_NAME >> ~/cloudfiles/runs.txt; for i in $(seq 1 {lines}); do echo line $i; sleep {gap}; done; exit {exitCode}";

    [Fact]
    public async Task KillNine_WithJobsQueuedAndRunning_EveryJobEndsOnce_LogsComplete()
    {
        await RestartServerAsync(kill: false);
        Assert.Equal(HttpStatusCode.Created, (await _api.PutAsJsonAsync($"{ApiCalls.Computes}/crash-box", new { size = "Standard_DS1_v2" })).StatusCode);
        Assert.Equal("Running", (await _api.WaitForStateAsync("crash-box", "Running"))!.State);

        // Two run (one will end while the server is down, with code 5), four wait for their slots.
        await _api.SubmitJobAsync("c-short", JobCalls.Spec("crash-box", Counting(3, 0.4, exitCode: 5)));
        await _api.SubmitJobAsync("c-long", JobCalls.Spec("crash-box", Counting(12, 0.4)));
        var queued = new[] { "c-q1", "c-q2", "c-q3", "c-q4" };
        foreach (var name in queued)
        {
            await _api.SubmitJobAsync(name, JobCalls.Spec("crash-box", Counting(3, 0.1)));
        }
        await _api.WaitForJobAsync("c-long", j => j.State == "Running", "running");
        await _api.WaitForJobAsync("c-short", j => j.State == "Running", "running");

        await _server.KillAsync();
        // c-short ends while nobody watches; c-long runs on.
        await Eventually.UntilAsync(() => File.Exists(Path.Combine(Share, "jobs", "c-short", "logs", "stdout.txt"))
            && File.ReadAllLines(Path.Combine(Share, "jobs", "c-short", "logs", "stdout.txt")).Length == 3, Converge, "c-short finishing while the server is down");
        await Task.Delay(500);
        await RestartServerAsync(kill: false);

        var all = new[] { "c-short", "c-long" }.Concat(queued).ToArray();
        await EndAsync(all);
        var shortJob = (await _api.GetJobAsync("c-short"))!;
        Assert.Equal(("Failed", "ExitCode", 5), (shortJob.State, shortJob.Reason, shortJob.ExitCode));
        foreach (var name in all.Skip(1))
        {
            Assert.Equal("Completed", (await _api.GetJobAsync(name))!.State);
        }
        AssertLogComplete("c-short", 3);
        AssertLogComplete("c-long", 12);
        foreach (var name in queued)
        {
            AssertLogComplete(name, 3);
        }

        // Killed again right after four submits were accepted, before most of them started.
        var late = new[] { "c-r1", "c-r2", "c-r3", "c-r4" };
        foreach (var name in late)
        {
            await _api.SubmitJobAsync(name, JobCalls.Spec("crash-box", Counting(2, 0.2)));
        }
        await RestartServerAsync();
        await EndAsync(late);
        foreach (var name in late)
        {
            Assert.Equal("Completed", (await _api.GetJobAsync(name))!.State);
            AssertLogComplete(name, 2);
        }

        // Every job ran exactly once.
        var runs = File.ReadAllLines(Path.Combine(Share, "runs.txt"));
        Assert.Equal(all.Concat(late).Order(StringComparer.Ordinal), runs.Order(StringComparer.Ordinal));
        Assert.Equal(new Contracts.JobCounts(0, 0), (await _api.GetComputeAsync("crash-box"))!.Jobs);
    }

    private async Task EndAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            await Eventually.UntilAsync(() => _api.GetJobAsync(name), j => j is not null && JobCalls.FinalStates.Contains(j.State), Converge,
                $"{name} ending", () => _server.Output);
        }
    }

    private void AssertLogComplete(string job, int lines) =>
        Assert.Equal(Enumerable.Range(1, lines).Select(i => $"line {i}"), File.ReadAllLines(Path.Combine(Share, "jobs", job, "logs", "stdout.txt")));

    private async Task RestartServerAsync(bool kill = true)
    {
        if (kill)
        {
            await _server.KillAsync();
        }
        await _server.StartAsync();
        _api = _server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }
}
