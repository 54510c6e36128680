using System.Net;
using System.Net.Http.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Jobs;

/// <summary>
/// Jobs on real instances of 1 vCPU (two slots each), with the real local driver, bubblewrap and
/// Jupyter: the queue's order and limit, cancel, timeout, exit codes, an instance stopped mid-job,
/// and many submits at once.
/// </summary>
[Trait("Category", "Jupyter")]
public sealed class JobQueueTests : IAsyncLifetime
{
    private readonly WorkbenchFactory _server = new();
    private HttpClient _api = null!;

    private string Share => Path.Combine(_server.DataDir, "shares", "default");

    public ValueTask InitializeAsync()
    {
        _api = _server.CreateAdminClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task CreateInstanceAsync(string name)
    {
        Assert.Equal(HttpStatusCode.Created, (await _api.PutComputeAsync(name, new { size = "Standard_DS1_v2" })).StatusCode);
        var running = await _api.WaitForStateAsync(name, "Running");
        Assert.True(running!.State == "Running", running.Error);
        Assert.Equal(2, running.JobSlots);
    }

    [Fact]
    public async Task FiveJobs_OnTwoSlots_AtMostTwoRunAtOnce_AndTheyRunInSubmitOrder()
    {
        await CreateInstanceAsync("fifo-1");
        var names = Enumerable.Range(1, 5).Select(i => $"fifo-job-{i}").ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            // Each runs a second longer than the one before, so jobs that start in submit order also end in
            // it, even when two started by one pass of the queue reach their commands a moment apart.
            await _api.SubmitJobAsync(names[i], JobCalls.Spec("fifo-1", JobTimes.Around($"sleep {i + 1}"), "resources: { cpu: 1 }"));
        }
        // The third waits in the instance's agent (Starting) until a slot frees, and shows Running as it starts, long before its end.
        var third = await _api.WaitForJobAsync(names[2], j => j.State is not ("Queued" or "Starting"), "leaving Starting", seconds: 60);
        Assert.Equal("Running", third!.State);
        foreach (var name in names)
        {
            var ended = await _api.WaitForJobEndAsync(name, seconds: 120);
            Assert.True(ended!.State == "Completed", $"{name}: {ended.State} {ended.Message}");
            Assert.Equal(0, ended.ExitCode);
        }
        var times = names.Select(n => JobTimes.Read(Share, n)).ToList();
        Assert.Equal(2, JobTimes.MaxOverlap(times));
        Assert.Equal(times.OrderBy(t => t.End), times);
        // The three that waited for a slot each started after an earlier job ended, in submit order.
        var ends = times.Select(t => t.End).Order().ToList();
        for (var i = 2; i < times.Count; i++)
        {
            Assert.True(times[i].Start >= ends[i - 2], $"{names[i]} started before a slot was free");
            Assert.True(times[i].Start >= times[i - 1].Start || i == 2, $"{names[i]} started before {names[i - 1]}");
        }
        Assert.Equal(new Contracts.JobCounts(0, 0), (await _api.GetComputeAsync("fifo-1"))!.Jobs);
    }

    [Fact]
    public async Task Cancel_RunningJob_ItsProcessesAreGone()
    {
        await CreateInstanceAsync("cancel-1");
        await _api.SubmitJobAsync("cancel-job", JobCalls.Spec("cancel-1", "echo started; (sleep 600 &); exec sleep 601"));
        await _api.WaitForJobAsync("cancel-job", j => j.State == "Running", "running");
        await Eventually.UntilAsync(() => InstanceProcesses.FindByCommandLine("sleep 601").Count == 1, TimeSpan.FromSeconds(20), "the job's command running");
        Assert.Equal(new Contracts.JobCounts(1, 0), (await _api.GetComputeAsync("cancel-1"))!.Jobs);

        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"{JobCalls.Jobs}/cancel-job/cancel", null)).StatusCode);
        var canceled = await _api.WaitForJobEndAsync("cancel-job");
        Assert.Equal(("Canceled", "Canceled"), (canceled!.State, canceled.Reason));
        Assert.Empty(InstanceProcesses.FindByCommandLine("sleep 601"));
        Assert.Empty(InstanceProcesses.FindByCommandLine("sleep 600"));
        Assert.Equal(HttpStatusCode.Conflict, (await _api.PostAsync($"{JobCalls.Jobs}/cancel-job/cancel", null)).StatusCode);
        Assert.Equal("started\n", File.ReadAllText(Path.Combine(Share, "jobs", "cancel-job", "logs", "stdout.txt")));
    }

    /// <summary>
    /// A job just started is stored Running 0.1 s after its start (or at its end); a cancel within that moment finds it
    /// Starting with its process running, and stops it all the same. Each try cancels as soon as the job's first line is
    /// written; the test needs one cancel to land while the job was Starting.
    /// </summary>
    [Fact]
    public async Task Cancel_AJobJustStarted_NotYetStoredRunning_StopsIt()
    {
        await CreateInstanceAsync("cancel-2");
        var hitWhileStarting = false;
        for (var attempt = 1; attempt <= 5 && !hitWhileStarting; attempt++)
        {
            var (name, command) = ($"just-started-{attempt}", $"sleep {610 + attempt}");
            await _api.SubmitJobAsync(name, JobCalls.Spec("cancel-2", $"echo started; exec {command}"));
            await FirstLineAsync(Path.Combine(Share, "jobs", name, "logs", "stdout.txt"));

            var response = await _api.PostAsync($"{JobCalls.Jobs}/{name}/cancel", null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            hitWhileStarting = (await response.Content.ReadFromJsonAsync<JobResource>(WorkbenchJson.Options))!.State == "Starting";

            var ended = await _api.WaitForJobEndAsync(name, seconds: 30);
            Assert.Equal(("Canceled", "Canceled"), (ended!.State, ended.Reason));
            Assert.Empty(InstanceProcesses.FindByCommandLine(command));
        }
        Assert.True(hitWhileStarting, "No cancel of five landed while its job was still Starting.");
    }

    /// <summary>Waits, looking every millisecond or so, until the file has something in it.</summary>
    private static async Task FirstLineAsync(string path)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(File.Exists(path) && new FileInfo(path).Length > 0))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{path} stayed empty for 60 s.");
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task Timeout_KillsTheJob_AndNonZeroExit_FailsWithItsCode()
    {
        await CreateInstanceAsync("limits-1");
        await _api.SubmitJobAsync("slow-job", JobCalls.Spec("limits-1", "exec sleep 602", "timeout: 2s"));
        await _api.SubmitJobAsync("bad-job", JobCalls.Spec("limits-1", "echo about to fail >&2; exit 3"));

        var bad = await _api.WaitForJobEndAsync("bad-job");
        Assert.Equal(("Failed", "ExitCode", 3), (bad!.State, bad.Reason, bad.ExitCode));
        Assert.Equal("about to fail\n", File.ReadAllText(Path.Combine(Share, "jobs", "bad-job", "logs", "stderr.txt")));

        var slow = await _api.WaitForJobEndAsync("slow-job");
        Assert.Equal(("Failed", "Timeout"), (slow!.State, slow.Reason));
        Assert.InRange((slow.EndedAt!.Value - slow.StartedAt!.Value).TotalSeconds, 1.9, 30);
        Assert.Empty(InstanceProcesses.FindByCommandLine("sleep 602"));
    }

    [Fact]
    public async Task InstanceStopped_MidJob_RunningFail_QueuedWaitAndRunOnceItRunsAgain()
    {
        await CreateInstanceAsync("stop-1");
        foreach (var name in new[] { "stop-a", "stop-b", "stop-c" })
        {
            await _api.SubmitJobAsync(name, JobCalls.Spec("stop-1", $"echo {name} >> ~/cloudfiles/stop-runs.txt; exec sleep 603"));
        }
        await _api.WaitForJobAsync("stop-b", j => j.State == "Running", "running");
        // Handed to the instance's job agent, which holds it until a slot frees.
        Assert.Equal("Starting", (await _api.WaitForJobAsync("stop-c", j => j.Message is not null, "waiting in the instance"))!.State);
        var runs = await WaitForTwoCommandLinesAsync("stop-runs.txt");

        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"{ApiCalls.Computes}/stop-1/stop", null)).StatusCode);
        await _api.WaitForStateAsync("stop-1", "Stopped");
        foreach (var name in new[] { "stop-a", "stop-b" })
        {
            var ended = await _api.WaitForJobEndAsync(name);
            Assert.Equal(("Failed", "InstanceStopped"), (ended!.State, ended.Reason));
        }
        Assert.Empty(InstanceProcesses.FindByCommandLine("sleep 603"));
        // Its agent went with the instance: it is seen as never started (a look at it within seconds), and waits again.
        await _api.WaitForJobAsync("stop-c", j => j.State == "Queued", "queued again", seconds: 30);
        await Task.Delay(500);
        Assert.Equal("Queued", (await _api.GetJobAsync("stop-c"))!.State);
        Assert.Equal(new Contracts.JobCounts(0, 1), (await _api.GetComputeAsync("stop-1"))!.Jobs);

        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"{ApiCalls.Computes}/stop-1/start", null)).StatusCode);
        await _api.WaitForJobAsync("stop-c", j => j.State == "Running", "running after the instance started again");
        await Eventually.UntilAsync(() => File.ReadAllLines(runs).Length == 3, TimeSpan.FromSeconds(60), "stop-c's command running",
            () => $"{_api.GetJobAsync("stop-c").GetAwaiter().GetResult()}\n{string.Join('\n', File.ReadAllLines(runs))}");
        Assert.Equal(["stop-a", "stop-b", "stop-c"], File.ReadAllLines(runs).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InstanceDeleted_QueuedJobsWait_AndNeverRunInSomeoneElsesNewInstanceOfThatName()
    {
        await CreateInstanceAsync("again-1");
        foreach (var name in new[] { "again-a", "again-b", "again-q" })
        {
            await _api.SubmitJobAsync(name, JobCalls.Spec("again-1", "echo $WB_JOB_NAME >> ~/cloudfiles/again-runs.txt; exec sleep 605"));
        }
        await _api.WaitForJobAsync("again-b", j => j.State == "Running", "running");
        var runs = await WaitForTwoCommandLinesAsync("again-runs.txt");
        Assert.Equal(HttpStatusCode.Accepted, (await _api.DeleteAsync($"{ApiCalls.Computes}/again-1")).StatusCode);
        await _api.WaitForGoneAsync("again-1");
        Assert.Equal(("Failed", "InstanceStopped"), ((await _api.WaitForJobEndAsync("again-a"))!.State, (await _api.GetJobAsync("again-a"))!.Reason));
        // Held by the instance's agent, it went back to the queue when the instance went (a look at it within seconds).
        await _api.WaitForJobAsync("again-q", j => j.State == "Queued", "queued again", seconds: 30);

        await _api.CreateUserAsync("dora");
        Assert.Equal(HttpStatusCode.Created, (await _api.PutComputeAsync("again-1", new { size = "Standard_DS1_v2", assignTo = "dora" })).StatusCode);
        var queued = await _api.WaitForJobEndAsync("again-q");
        Assert.Equal(("Failed", "LaunchFailed"), (queued!.State, queued.Reason));
        Assert.Contains("now belongs to dora", queued.Message, StringComparison.Ordinal);
        Assert.Equal(["again-a", "again-b"], File.ReadAllLines(runs).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TwoHundredSubmitsAtOnce_NeverMoreThanTwoRun()
    {
        await CreateInstanceAsync("busy-1");
        var names = Enumerable.Range(0, 200).Select(i => $"busy-{i:000}").ToArray();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (name, _) => await _api.SubmitJobAsync(name, JobCalls.Spec("busy-1", JobTimes.Around("sleep 0.02"))));
        foreach (var name in names)
        {
            var ended = await _api.WaitForJobEndAsync(name, seconds: 180);
            Assert.True(ended!.State == "Completed", $"{name}: {ended.State} {ended.Message}");
        }
        Assert.Equal(2, JobTimes.MaxOverlap(names.Select(n => JobTimes.Read(Share, n))));
    }

    /// <summary>Running means a job's launcher started; this waits until the two running commands have also written their line.</summary>
    private async Task<string> WaitForTwoCommandLinesAsync(string fileName)
    {
        var runs = Path.Combine(Share, fileName);
        await Eventually.UntilAsync(() => File.Exists(runs) && File.ReadAllLines(runs).Length == 2, TimeSpan.FromSeconds(60), $"two commands' lines in {fileName}");
        return runs;
    }
}
