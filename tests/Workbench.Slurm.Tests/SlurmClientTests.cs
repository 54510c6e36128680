using Microsoft.Extensions.Options;
using Workbench.Drivers;
using Workbench.Drivers.Slurm;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>
/// The Slurm client against the real dev cluster: submit, states, exit codes, cancel, resources, outages;
/// its jobs submitted with sbatch (and through slurmrestd in <see cref="SlurmClientOverRestTests"/>).
/// </summary>
[Collection(SlurmCollection.Name)]
public class SlurmClientTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly DevSlurmCluster _cluster;
    private readonly TempFolder _share;
    private readonly string _restSocket;
    private readonly SlurmClient _slurm;
    private readonly List<string> _submitted = [];
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public SlurmClientTests(DevSlurmCluster cluster)
        : this(cluster, "")
    {
    }

    /// <param name="restSocket">slurmrestd's socket to submit through; empty submits with sbatch.</param>
    protected SlurmClientTests(DevSlurmCluster cluster, string restSocket)
    {
        _cluster = SlurmCollection.Require(cluster);
        _share = new TempFolder("wb-slurm");
        _restSocket = restSocket;
        _slurm = Client(TimeSpan.FromSeconds(15));
    }

    protected SlurmClient Client(TimeSpan commandTimeout, string? restSocket = null) => new(Options.Create(new SlurmOptions
    {
        SlurmConf = _cluster.Conf,
        SharePath = _share.Path,
        CommandTimeout = commandTimeout,
        RestSocket = restSocket ?? _restSocket,
    }));

    protected CancellationToken Ct => _ct;

    protected async Task<string> SubmitAsync(SlurmJobRequest request)
    {
        var id = await _slurm.SubmitAsync(request, _ct);
        _submitted.Add(id);
        return id;
    }

    protected static SlurmJobRequest Job(string script) => new("wb-test", "#!/bin/sh\n" + script + "\n");

    protected Task<SlurmJob?> EndedAsync(string id) =>
        Eventually.UntilAsync(() => _slurm.FindJobAsync(id, _ct), j => j?.State.IsFinished() == true, Wait, $"job {id} ending");

    private Task<SlurmJob?> RunningAsync(string id) =>
        Eventually.UntilAsync(() => _slurm.FindJobAsync(id, _ct), j => j?.State == SlurmJobState.Running, Wait, $"job {id} running");

    [Fact]
    public async Task Submit_Script_CompletesWithExitZeroAndItsOutput()
    {
        var output = Path.Combine(_share.Path, "out.txt");
        var id = await SubmitAsync(Job("echo \"hello from $SLURMD_NODENAME, $GREETING\"") with
        {
            OutputPath = output,
            Environment = new Dictionary<string, string> { ["GREETING"] = "commas, \"quotes\" and $dollars" },
        });

        var job = (await EndedAsync(id))!;
        Assert.Equal(SlurmJobState.Completed, job.State);
        Assert.Equal(0, job.ExitCode);
        Assert.Equal(0, job.Signal);
        Assert.Equal("wb-test", job.Name);
        Assert.NotNull(job.StartTime);
        Assert.True(job.EndTime >= job.StartTime);
        var node = Assert.Single(job.Nodes);
        Assert.Equal($"hello from {node}, commas, \"quotes\" and $dollars", File.ReadAllText(output).Trim());
    }

    [Fact]
    public async Task Submit_ScriptExits3_FailsWithCode3()
    {
        var id = await SubmitAsync(Job("exit 3") with { OutputPath = "/dev/null" });
        var job = (await EndedAsync(id))!;
        Assert.Equal(SlurmJobState.Failed, job.State);
        Assert.Equal(3, job.ExitCode);
        Assert.Equal(0, job.Signal);
        Assert.Equal("NonZeroExitCode", job.Reason);
        Assert.Contains("FAILED, exit code 3", job.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_RunningJob_IsCancelledBySigterm_AndCancellingAgainIsFine()
    {
        var started = Path.Combine(_share.Path, "started");
        var id = await SubmitAsync(Job($"touch {started}; exec sleep 600") with { OutputPath = "/dev/null" });
        // Slurm says RUNNING once the job has its node, a moment before the script runs; a cancel then ends it with no signal.
        await Eventually.UntilAsync(() => File.Exists(started), Wait, "the script running");
        await _slurm.CancelAsync(id, _ct);
        var job = (await EndedAsync(id))!;
        Assert.Equal(SlurmJobState.Cancelled, job.State);
        Assert.Equal(15, job.Signal);
        await _slurm.CancelAsync(id, _ct);
    }

    [Fact]
    public async Task Submit_TwoNodes_GetsTwoNodes()
    {
        var id = await SubmitAsync(Job("exec sleep 600") with { Nodes = 2, OutputPath = "/dev/null" });
        var job = (await RunningAsync(id))!;
        Assert.Equal(2, job.Nodes.Distinct().Count());
        Assert.All(job.Nodes, n => Assert.Matches("^node[1-4]$", n));
        await _slurm.CancelAsync(id, _ct);
    }

    [Fact]
    public async Task Submit_Resources_AreWhatScontrolShows()
    {
        var output = Path.Combine(_share.Path, "resources.log");
        var id = await SubmitAsync(Job("exec sleep 600") with
        {
            Partition = "batch",
            CpusPerTask = 2,
            MemoryMiB = 300,
            TimeLimit = TimeSpan.FromMinutes(89.5),
            Comment = "Workbench job 7: resources",
            WorkingDirectory = _share.Path,
            OutputPath = output,
            AppendOutput = true,
        });
        await RunningAsync(id);
        var text = await _cluster.RunAsync("scontrol", "show", "job", "--oneliner", id);
        Assert.Contains("Comment=Workbench job 7: resources ", text, StringComparison.Ordinal);
        var shown = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"WorkDir={_share.Path}", shown);
        Assert.Contains($"StdOut={output}", shown);
        Assert.Contains("Partition=batch", shown);
        Assert.Contains("CPUs/Task=2", shown);
        Assert.Contains("MinMemoryNode=300M", shown);
        Assert.Contains("TimeLimit=01:30:00", shown);
        Assert.Contains("NumNodes=1", shown);
        Assert.Contains("JobName=wb-test", shown);
        await _slurm.CancelAsync(id, _ct);
    }

    [Fact]
    public async Task Submit_OneAtATime_TheSecondOfANameWaitsOnItsDependencyWhileTheFirstRuns()
    {
        var name = $"wb-lane-{Guid.NewGuid():N}";
        var first = await SubmitAsync(new SlurmJobRequest(name, "#!/bin/sh\nexec sleep 600\n") { OneAtATime = true, OutputPath = "/dev/null" });
        var second = await SubmitAsync(new SlurmJobRequest(name, "#!/bin/sh\ntrue\n") { OneAtATime = true, OutputPath = "/dev/null" });
        await RunningAsync(first);
        var waiting = await Eventually.UntilAsync(() => _slurm.FindJobAsync(second, _ct), j => j?.Reason == "Dependency", Wait, $"job {second} waiting on its dependency");
        Assert.Equal(SlurmJobState.Pending, waiting!.State);
        await _slurm.CancelAsync(first, _ct);
        Assert.Equal(SlurmJobState.Completed, (await EndedAsync(second))!.State);
    }

    [Fact]
    public async Task Submit_MoreNodesThanThePartitionHas_IsQueuedWithSlurmsReason_NotRefused()
    {
        // slurmrestd gives a job id and an error together here; the job is in the queue all the same.
        var id = await SubmitAsync(Job("true") with { Nodes = 5, OutputPath = "/dev/null" });
        var job = await Eventually.UntilAsync(() => _slurm.FindJobAsync(id, _ct), j => j?.Reason == "PartitionConfig", Wait, $"job {id} held by its partition");
        Assert.Equal(SlurmJobState.Pending, job!.State);
    }

    [Fact]
    public async Task Submit_Gpus_OnAClusterWithoutGpus_IsRefusedWithSlurmsReason()
    {
        var error = await Assert.ThrowsAsync<DriverException>(() => SubmitAsync(Job("true") with { Gpus = 1 }));
        Assert.Contains("Invalid generic resource", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindJob_SlurmDoesNotKnowIt_IsNull()
    {
        Assert.Null(await _slurm.FindJobAsync("999999", _ct));
        await _slurm.CancelAsync("999999", _ct);
    }

    [Fact]
    public async Task ListNodes_TheFourNodesOfBothPartitions()
    {
        var nodes = await _slurm.ListNodesAsync(_ct);
        Assert.Equal(["node1", "node2", "node3", "node4"], nodes.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.All(nodes, n =>
        {
            Assert.Equal(4, n.Cpus);
            Assert.Equal(["batch", "debug"], n.Partitions.Order(StringComparer.Ordinal));
            Assert.Contains(n.State, new[] { "idle", "mixed", "allocated" });
        });
    }

    [Fact]
    public async Task ControllerDown_CallsFailAsUnavailableWithSlurmsError_ThenWorkAgain()
    {
        await _cluster.StopControllerAsync();
        try
        {
            var listing = await Assert.ThrowsAsync<DriverUnavailableException>(() => _slurm.ListJobsAsync(_ct));
            Assert.Contains("Slurm did not answer", listing.Message, StringComparison.Ordinal);
            var submit = await Assert.ThrowsAsync<DriverUnavailableException>(() => SubmitAsync(Job("true")));
            Assert.Contains("Unable to contact slurm controller", submit.Message, StringComparison.Ordinal);
            using var impatientClient = Client(TimeSpan.FromSeconds(1));
            var impatient = await Assert.ThrowsAsync<DriverUnavailableException>(() => impatientClient.ListNodesAsync(_ct));
            Assert.Contains("sinfo took longer than 1 s", impatient.Message, StringComparison.Ordinal);
        }
        finally
        {
            await _cluster.StartControllerAsync();
        }
        var id = await SubmitAsync(Job("true") with { OutputPath = "/dev/null" });
        Assert.Equal(SlurmJobState.Completed, (await EndedAsync(id))!.State);
    }

    /// <summary>No job of a test outlives it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _submitted)
        {
            await _slurm.CancelAsync(id, CancellationToken.None);
        }
        _slurm.Dispose();
        _share.Dispose();
        GC.SuppressFinalize(this);
    }
}
