using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Drivers.Slurm;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>Jobs as Slurm batch jobs on the real dev cluster: exit codes, logs, cancel, sizes, a restart, a lost job, an outage.</summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmJobDriverTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly DevSlurmCluster _cluster;
    private readonly TempFolder _root;
    private readonly IOptions<SlurmOptions> _options;
    private readonly SlurmClient _slurm;
    private readonly SlurmJobDriver _driver;
    private readonly List<long> _made = [];
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public SlurmJobDriverTests(DevSlurmCluster cluster)
    {
        _cluster = SlurmCollection.Require(cluster);
        _root = new TempFolder("wb-slurm-jobs");
        _options = Options.Create(new SlurmOptions { SlurmConf = cluster.Conf, SharePath = Path.Combine(_root.Path, "slurm") });
        _slurm = new SlurmClient(_options);
        _driver = NewDriver();
    }

    private string WorkspaceShare => Path.Combine(_root.Path, "shares", "default");

    /// <summary>A driver object of its own, as a restarted server makes.</summary>
    private SlurmJobDriver NewDriver() => new(_slurm, _options, TimeProvider.System, NullLogger<SlurmJobDriver>.Instance);

    private JobLaunch Launch(string command, Dictionary<string, string>? environment = null)
    {
        var id = Random.Shared.NextInt64(1, 1_000_000_000);
        _made.Add(id);
        var name = $"job-{id}";
        return new JobLaunch(id, name, Guid.NewGuid(), null, "slurm-cluster", "alice", WorkspaceShare, command,
            new Dictionary<string, JobInput> { ["epochs"] = new("10", null) },
            new Dictionary<string, JobOutput> { ["model"] = new($"outputs/{name}") },
            environment ?? [], JobFolders.WorkingFolder(name, hasCode: false), JobFolders.Logs(name));
    }

    private string Log(JobLaunch job, string file) => File.ReadAllText(Path.Combine(WorkspaceShare, job.LogsFolder, file));

    /// <summary>Until a job whose command begins with `echo running` runs: its command's own first line says so.</summary>
    private Task UntilRunningAsync(JobLaunch job) => Eventually.UntilAsync(
        () => File.Exists(Path.Combine(WorkspaceShare, job.LogsFolder, JobFolders.Stdout)) && Log(job, JobFolders.Stdout).Contains("running", StringComparison.Ordinal),
        Wait, $"job {job.JobName} running");

    private static string JobId(string handle) => System.Text.Json.JsonDocument.Parse(handle).RootElement.GetProperty("JobId").GetString()!;

    private Task<JobObservation> UntilAsync(SlurmJobDriver driver, JobLaunch job, string handle, Func<JobObservation, bool> done, string what) =>
        Eventually.UntilAsync(() => driver.ObserveAsync(job.JobId, job.ComputeId, handle, _ct), done, Wait, what);

    [Fact]
    public async Task Start_CommandSucceeds_ExitedWithZero_LogsInTheShare()
    {
        var job = Launch("echo \"epochs=${{inputs.epochs}} seed=$SEED in $(pwd)\"; echo model > ${{outputs.model}}/m.txt; echo warned >&2",
            new() { ["SEED"] = "7" });
        var handle = await _driver.StartAsync(job, _ct);
        await _driver.WaitForEndAsync(job.JobId, job.ComputeId, handle, _ct);

        var exited = Assert.IsType<JobObservation.Exited>(await _driver.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        Assert.Equal(0, exited.ExitCode);
        Assert.NotNull(exited.EndedAt);
        Assert.Equal($"epochs=10 seed=7 in {Path.Combine(WorkspaceShare, job.WorkingFolder)}", Log(job, JobFolders.Stdout).Trim());
        Assert.Equal("warned", Log(job, JobFolders.Stderr).Trim());
        Assert.Equal("model", File.ReadAllText(Path.Combine(WorkspaceShare, "outputs", job.JobName, "m.txt")).Trim());
        var slurmJob = await Eventually.UntilAsync(() => _slurm.FindJobAsync(JobId(handle), _ct), j => j?.State.IsFinished() == true, Wait, "Slurm's end");
        Assert.Equal(SlurmJobState.Completed, slurmJob!.State);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Start_JobGetsItsOwnVariables_NoneOfTheServers_WithOrWithoutTheLoginEnvironment_BySbatchOrSlurmrestd(bool loginEnvironment, bool rest)
    {
        Environment.SetEnvironmentVariable("WB_TEST_SERVER_ONLY", "leaked");
        var options = Options.Create(new SlurmOptions
        {
            SlurmConf = _options.Value.SlurmConf,
            SharePath = _options.Value.SharePath,
            LoginEnvironment = loginEnvironment,
            RestSocket = rest ? SlurmCollection.RequireRest(_cluster) : "",
        });
        using var client = new SlurmClient(options);
        var driver = new SlurmJobDriver(client, options, TimeProvider.System, NullLogger<SlurmJobDriver>.Instance);
        var job = Launch("echo \"${WB_TEST_SERVER_ONLY:-none} seed=$SEED\"", new() { ["SEED"] = "7" });
        var handle = await driver.StartAsync(job, _ct);
        var exited = await UntilAsync(driver, job, handle, o => o is JobObservation.Exited, "the job's end");
        Assert.Equal(0, ((JobObservation.Exited)exited).ExitCode);
        Assert.Equal("none seed=7", Log(job, JobFolders.Stdout).Trim());
    }

    [Fact]
    public async Task Start_CommandFails_ExitedWithItsCode_SlurmSaysFailed()
    {
        var job = Launch("echo bad input >&2; exit 3");
        var handle = await _driver.StartAsync(job, _ct);
        var exited = await UntilAsync(_driver, job, handle, o => o is JobObservation.Exited, "the job's end");
        Assert.Equal(3, ((JobObservation.Exited)exited).ExitCode);
        Assert.Equal("bad input", Log(job, JobFolders.Stderr).Trim());
        var slurmJob = await Eventually.UntilAsync(() => _slurm.FindJobAsync(JobId(handle), _ct), j => j?.State.IsFinished() == true, Wait, "Slurm's end");
        Assert.Equal((SlurmJobState.Failed, 3), (slurmJob!.State, slurmJob.ExitCode));
    }

    [Fact]
    public async Task Stop_RunningJob_ScancelsIt_ExitedWithoutCodeSayingCancelled()
    {
        var job = Launch("echo started; exec sleep 600");
        var handle = await _driver.StartAsync(job, _ct);
        await UntilAsync(_driver, job, handle, o => o is JobObservation.Running, "the job running");
        await _driver.StopAsync(job.JobId, job.ComputeId, handle, _ct);

        Assert.Equal(SlurmJobState.Cancelled, (await _slurm.FindJobAsync(JobId(handle), _ct))!.State);
        var exited = Assert.IsType<JobObservation.Exited>(await _driver.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        Assert.Null(exited.ExitCode);
        Assert.Contains("CANCELLED", exited.LauncherLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TwoNodesAndResources_AreWhatScontrolShows()
    {
        var job = Launch("exec sleep 600") with
        {
            Resources = new ResourceRequest(2, 300L * 1024 * 1024, 0),
            Nodes = 2,
            Timeout = TimeSpan.FromMinutes(10),
            Partition = "batch",
        };
        var handle = await _driver.StartAsync(job, _ct);
        // Its batch script marks its start with its nodes, so a look right after its start needs no word from Slurm.
        var running = await UntilAsync(_driver, job, handle, o => o is JobObservation.Running { Hosts: not null }, "the job running on its nodes");

        var slurmJob = (await _slurm.FindJobAsync(JobId(handle), _ct))!;
        Assert.Equal(2, slurmJob.Nodes.Distinct().Count());
        Assert.Equal(slurmJob.NodeList, ((JobObservation.Running)running).Hosts);
        Assert.Equal(slurmJob.NodeList, new SlurmJobFolder(_options.Value.SharePath, job.JobId).ReadStartMark()?.Nodes);
        var shown = await _cluster.RunAsync("scontrol", "show", "job", "--oneliner", JobId(handle));
        foreach (var field in new[]
        {
            $"JobName={SlurmJobDriver.JobName(job.JobId)} ", "NumNodes=2 ", "CPUs/Task=2 ", "MinMemoryNode=300M ", "TimeLimit=00:10:00 ",
            "Partition=batch ", $"Comment=Workbench job {job.JobId}: {job.JobName} ",
        })
        {
            Assert.Contains(field, shown, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("gres/gpu", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GpusTheClusterHasNot_SlurmRefusesTheGres()
    {
        var job = Launch("true") with { Resources = new ResourceRequest(1, null, 1) };
        var refused = await Assert.ThrowsAsync<DriverException>(() => _driver.StartAsync(job, _ct));
        Assert.Contains("gres", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NewDriver_AfterRestart_AdoptsTheRunningJob_AndSeesItsEnd()
    {
        var job = Launch("echo running; while [ ! -e go ]; do sleep 0.1; done; exit 4");
        var handle = await _driver.StartAsync(job, _ct);
        var working = Path.Combine(WorkspaceShare, job.WorkingFolder);
        await UntilRunningAsync(job);

        var restarted = NewDriver();
        Assert.Equal(handle, await restarted.StartAsync(job, _ct));
        Assert.IsType<JobObservation.Running>(await restarted.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        await File.WriteAllTextAsync(Path.Combine(working, "go"), "", _ct);
        await restarted.WaitForEndAsync(job.JobId, job.ComputeId, handle, _ct);
        Assert.Equal(4, Assert.IsType<JobObservation.Exited>(await restarted.ObserveAsync(job.JobId, job.ComputeId, null, _ct)).ExitCode);
        Assert.Single(await _slurm.ListJobsAsync(_ct), j => j.Name == SlurmJobDriver.JobName(job.JobId));
    }

    [Fact]
    public async Task LaneJobs_RunOneAtATime_AndAStartCutShortFindsItsJobByItsComment()
    {
        var lane = $"wb-lane-test-{Guid.NewGuid():N}";
        var first = Launch("echo running; while [ ! -e go ]; do sleep 0.1; done") with { Lane = lane };
        var second = Launch("true") with { Lane = lane };
        var firstHandle = await _driver.StartAsync(first, _ct);
        var secondHandle = await _driver.StartAsync(second, _ct);
        var working = Path.Combine(WorkspaceShare, first.WorkingFolder);
        await UntilRunningAsync(first);

        // Slurm holds the second while the first of its lane runs.
        var waiting = Assert.Single(await _slurm.ListJobsAsync(_ct), j => j.Comment.StartsWith($"Workbench job {second.JobId}:", StringComparison.Ordinal));
        Assert.Equal((lane, SlurmJobState.Pending, "Dependency"), (waiting.Name, waiting.State, waiting.Reason));
        // A start cut short after its sbatch (the handle never written) finds that job instead of submitting another.
        File.Delete(Directory.GetFiles(_options.Value.SharePath, "handle.json", SearchOption.AllDirectories).Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == $"{second.JobId}"));
        Assert.Equal(secondHandle, await NewDriver().StartAsync(second, _ct));

        await File.WriteAllTextAsync(Path.Combine(working, "go"), "", _ct);
        await _driver.WaitForEndAsync(second.JobId, second.ComputeId, secondHandle, _ct);
        var firstEnd = Assert.IsType<JobObservation.Exited>(await _driver.ObserveAsync(first.JobId, first.ComputeId, firstHandle, _ct));
        var secondEnd = Assert.IsType<JobObservation.Exited>(await _driver.ObserveAsync(second.JobId, second.ComputeId, secondHandle, _ct));
        Assert.True(secondEnd.StartedAt >= firstEnd.EndedAt, $"the second started {secondEnd.StartedAt:O}, before the first ended {firstEnd.EndedAt:O}");
    }

    [Fact]
    public async Task Observe_SlurmForgotTheJob_WithoutExitStatus_IsLostWithTheReason()
    {
        var job = Launch("exec sleep 600");
        var handle = await _driver.StartAsync(job, _ct);
        await _driver.StopAsync(job.JobId, job.ComputeId, handle, _ct);
        // Slurm forgets a job MinJobAge (300 s) after its end; a job id it never had stands in for one it forgot.
        var forgotten = """{"JobId":"987654321"}""";
        var exited = Assert.IsType<JobObservation.Exited>(await _driver.ObserveAsync(job.JobId, job.ComputeId, forgotten, _ct));
        Assert.Null(exited.ExitCode);
        Assert.Contains("Slurm no longer knows its job 987654321", exited.LauncherLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_ControllerDown_IsUnknownWithTheError_EndedJobsStillKnown_ThenRecovers()
    {
        var ended = Launch("exit 5");
        var endedHandle = await _driver.StartAsync(ended, _ct);
        await _driver.WaitForEndAsync(ended.JobId, ended.ComputeId, endedHandle, _ct);
        var job = Launch("exec sleep 600");
        var handle = await _driver.StartAsync(job, _ct);
        await UntilAsync(_driver, job, handle, o => o is JobObservation.Running, "the job running");

        await _cluster.StopControllerAsync();
        try
        {
            // Taken at its start mark's word for a few seconds after its start, then asked of Slurm, which does not answer.
            var unknown = Assert.IsType<JobObservation.Unknown>(await UntilAsync(_driver, job, handle, o => o is not JobObservation.Running, "Slurm asked"));
            Assert.Contains("Slurm did not answer", unknown.Error, StringComparison.Ordinal);
            // Its exit status in the share answers without Slurm.
            Assert.Equal(5, Assert.IsType<JobObservation.Exited>(await _driver.ObserveAsync(ended.JobId, ended.ComputeId, endedHandle, _ct)).ExitCode);
        }
        finally
        {
            await _cluster.StartControllerAsync();
        }
        await UntilAsync(_driver, job, handle, o => o is JobObservation.Running, "the job seen running again");
    }

    /// <summary>Releases every job a test made, so none outlives it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _made)
        {
            await _driver.ReleaseAsync(id, Guid.Empty, null, CancellationToken.None);
        }
        _driver.Dispose();
        _slurm.Dispose();
        _root.Dispose();
    }
}
