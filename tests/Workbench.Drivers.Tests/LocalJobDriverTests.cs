using Workbench.Domain.Jobs;
using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>Jobs in a real instance's sandbox: real bubblewrap, cgroups, processes and files.</summary>
public sealed class LocalJobDriverTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly LocalDriverFixture _local = new(stopGrace: TimeSpan.FromSeconds(1));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<(ComputeSpec Spec, string Handle)> StartInstanceAsync()
    {
        var spec = _local.Spec("echo from-instance > $HOME/marker.txt; exec sleep 600");
        var handle = await _local.Driver.StartAsync(spec, _ct);
        await Eventually.UntilAsync(() => File.Exists(Path.Combine(_local.Home(spec), "marker.txt")), Wait, "the instance writing its marker");
        return (spec, handle);
    }

    private Task<JobObservation> EndedAsync(JobLaunch job, string handle) =>
        Eventually.UntilAsync(() => _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct), o => o is JobObservation.Exited, Wait, $"job {job.JobId} ending");

    [Fact]
    public async Task Start_RunsInTheInstanceSandbox_WithItsHomeShareAndCgroups()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        Directory.CreateDirectory(Path.Combine(_local.SharePath, "data"));
        File.WriteAllText(Path.Combine(_local.SharePath, "data", "in.csv"), "a,b\n");
        var job = LocalDriverFixture.Job(instance, instanceHandle, 1,
            "cat ~/marker.txt; cat ${{inputs.data}}; echo epochs=${{inputs.epochs}}; echo model > ${{outputs.model}}/m.txt; " +
            "pwd; echo oops >&2; echo \"$SEED $WB_JOB_NAME $HOME\"; ls /proc | grep -c '^[0-9]'; exec sleep 600",
            new() { ["SEED"] = "it's 1" });

        var handle = await _local.Jobs.StartAsync(job, _ct);
        var stdout = _local.Log(job, JobFolders.Stdout);
        await Eventually.UntilAsync(() => File.Exists(stdout) && File.ReadAllLines(stdout).Length >= 6, Wait, "the job writing its output");

        var lines = File.ReadAllLines(stdout);
        Assert.Equal("from-instance", lines[0]);
        Assert.Equal("a,b", lines[1]);
        Assert.Equal("epochs=3", lines[2]);
        Assert.Equal("/home/alice/cloudfiles/jobs/job-1", lines[3]);
        Assert.Equal("it's 1 job-1 /home/alice", lines[4]);
        Assert.True(int.Parse(lines[5]) < 10, "the job sees the host's processes");
        Assert.Equal("oops\n", File.ReadAllText(_local.Log(job, JobFolders.Stderr)));
        Assert.Equal("model\n", File.ReadAllText(Path.Combine(_local.SharePath, "outputs", "job-1", "m.txt")));
        var running = Assert.IsType<JobObservation.Running>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        Assert.InRange(running.StartedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        // Its launcher joined the instance's cgroups, so the instance's limits cover the job.
        var launcher = LocalDriverFixture.LeaderPid(handle).ToString();
        Assert.All(LocalDriverFixture.Cgroups(instanceHandle), group => Assert.Contains(launcher, File.ReadAllLines(Path.Combine(group, "cgroup.procs"))));
    }

    [Fact]
    public async Task Exit_IsObservedWithItsCodeAndTimes_AndWaitForEndReturns()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 2, "sleep 0.3; exit 3");
        var handle = await _local.Jobs.StartAsync(job, _ct);
        await _local.Jobs.WaitForEndAsync(job.JobId, job.ComputeId, handle, _ct).WaitAsync(Wait, _ct);
        var exited = Assert.IsType<JobObservation.Exited>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        Assert.Equal(3, exited.ExitCode);
        Assert.InRange((exited.EndedAt!.Value - exited.StartedAt).TotalMilliseconds, 250, 10_000);
        Assert.Equal("", exited.LauncherLog);
    }

    [Fact]
    public async Task Start_AgainAfterItRan_NeverRunsItTwice()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 3, "echo ran >> ~/cloudfiles/runs.txt");
        var handle = await _local.Jobs.StartAsync(job, _ct);
        await EndedAsync(job, handle);
        // As a server restarted after a crash would ask: start it again.
        var again = await _local.Jobs.StartAsync(job, _ct);
        Assert.Equal(LocalDriverFixture.LeaderPid(handle), LocalDriverFixture.LeaderPid(again));
        await Task.Delay(300, _ct);
        Assert.Equal(["ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs.txt")));
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(job, again)).ExitCode);
    }

    [Fact]
    public async Task LaunchersOfOneJobAtOnce_OnlyOneRunsIt()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 9, "echo ran >> ~/cloudfiles/runs9.txt; sleep 0.2");
        await EndedAsync(job, await _local.Jobs.StartAsync(job, _ct));
        // The job's folder as it was before its first start (scripts written, no start record), then four
        // launchers at once, as servers that each think the job has not started would start them.
        var folder = new JobFolder(new InstanceFolder(_local.StateDir, job.ComputeId), job.JobId);
        File.Delete(folder.Started);
        File.Delete(folder.LauncherLog);
        var launchers = Enumerable.Range(0, 4).Select(_ => Launcher.Start(folder, new Dictionary<string, string>(), JobScripts.Shell)).ToList();
        await Task.WhenAll(launchers.Select(l => l.WaitForExitAsync(_ct))).WaitAsync(Wait, _ct);

        Assert.Equal(["ran", "ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs9.txt")));
        Assert.Equal(3, launchers.Count(l => l.ExitCode == LaunchScripts.LockHeldExitCode));
        Assert.Equal(3, File.ReadAllLines(folder.LauncherLog).Count(line => line.Contains("never runs twice", StringComparison.Ordinal)));
        var winner = launchers.Single(l => l.ExitCode != LaunchScripts.LockHeldExitCode);
        Assert.Equal(winner.Id, folder.ReadLauncher()?.Pid);
    }

    [Fact]
    public async Task Jobs_RunInLaunchersStartedAheadOfThem_OneThatDiedWaitingIsPassedOver_AndDisposingEndsThem()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var first = LocalDriverFixture.Job(instance, instanceHandle, 11, "true");
        await EndedAsync(first, await _local.Jobs.StartAsync(first, _ct));

        // Launchers for the next jobs wait from then on, started before those jobs exist.
        var waiting = await Eventually.UntilAsync(() => Task.FromResult(WaitingLaunchers()), l => l.Count > 0, Wait, "launchers waiting for a job");
        var second = LocalDriverFixture.Job(instance, instanceHandle, 12, "echo ran >> ~/cloudfiles/runs12.txt");
        var handle = await _local.Jobs.StartAsync(second, _ct);
        Assert.Contains(LocalDriverFixture.LeaderPid(handle), waiting);
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(second, handle)).ExitCode);
        Assert.Equal(["ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs12.txt")));

        // Launchers killed while they waited are passed over: the next job still runs, once.
        await Eventually.UntilAsync(() => Task.FromResult(WaitingLaunchers()), l => l.Count > 0, Wait, "launchers waiting again");
        WaitingLaunchers().ForEach(pid => Native.Kill(pid, Native.SigKill));
        var third = LocalDriverFixture.Job(instance, instanceHandle, 13, "echo ran >> ~/cloudfiles/runs13.txt");
        var thirdHandle = await _local.Jobs.StartAsync(third, _ct);
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(third, thirdHandle)).ExitCode);
        Assert.Equal(["ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs13.txt")));

        // A driver disposed (its server stopping) ends the launchers that wait.
        _local.Jobs.Dispose();
        await Eventually.UntilAsync(() => WaitingLaunchers().Count == 0, Wait, "the waiting launchers ending");
    }

    /// <summary>This process's launchers that wait for a job (each test's fixture ends its own).</summary>
    private static List<int> WaitingLaunchers()
    {
        var waiting = ProcessTree.CommandLinesContaining("read -r folder").ToHashSet();
        return [.. ProcStat.All().Where(p => !p.IsDead && p.ParentPid == Environment.ProcessId && waiting.Contains(p.Pid)).Select(p => p.Pid)];
    }

    [Fact]
    public async Task AnEmptyStartRecord_IsAJobStarting_UntilItHasStayedEmptyTooLong()
    {
        var job = LocalDriverFixture.Job(_local.Spec("exec sleep 600"), "{}", 10, "true");
        var folder = new JobFolder(new InstanceFolder(_local.StateDir, job.ComputeId), job.JobId);
        folder.CreatePrivateFolders();
        File.WriteAllText(folder.Started, "");

        Assert.IsType<JobObservation.Running>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, null, _ct));

        // Its launcher died between creating the record and writing it: the job started and is gone.
        var longAgo = DateTime.UtcNow.AddMinutes(-5);
        File.SetLastWriteTimeUtc(folder.Started, longAgo);
        var exited = Assert.IsType<JobObservation.Exited>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, null, _ct));
        Assert.Null(exited.ExitCode);
        Assert.Equal(longAgo, exited.StartedAt.UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Start_WhileItRuns_AdoptsIt()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 4, "echo ran >> ~/cloudfiles/runs4.txt; exec sleep 600");
        var first = await _local.Jobs.StartAsync(job, _ct);
        var second = await _local.Jobs.StartAsync(job, _ct);
        Assert.Equal(LocalDriverFixture.LeaderPid(first), LocalDriverFixture.LeaderPid(second));
        await Task.Delay(300, _ct);
        Assert.Equal(["ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs4.txt")));
    }

    [Fact]
    public async Task Stop_KillsTheWholeTree_AndItsLauncherRecordsTheEnd()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 5, "(sleep 600 &); trap '' TERM; echo up; while true; do sleep 1; done");
        var handle = await _local.Jobs.StartAsync(job, _ct);
        await Eventually.UntilAsync(() => File.Exists(_local.Log(job, JobFolders.Stdout)) && File.ReadAllText(_local.Log(job, JobFolders.Stdout)).Length > 0, Wait, "the job starting");
        var folder = Path.Combine(_local.StateDir, instance.ComputeId.ToString("N"), "jobs", "5");

        await _local.Jobs.StopAsync(job.JobId, job.ComputeId, handle, _ct);

        Assert.Empty(InstanceProcesses.FindByCommandLine(folder));
        Assert.DoesNotContain(InstanceProcesses.FindByCommandLine("sleep 600"), pid => InstanceProcesses.SelfAndAncestors(pid).Contains(LocalDriverFixture.LeaderPid(handle)));
        var exited = Assert.IsType<JobObservation.Exited>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        Assert.NotNull(exited.ExitCode);
        Assert.NotNull(exited.EndedAt);
        // The instance itself runs on.
        Assert.IsType<Observation.Alive>(await _local.Driver.ObserveAsync(instance.ComputeId, instanceHandle, _ct));
    }

    [Fact]
    public async Task InstanceStop_EndsItsJobs()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 6, "exec sleep 600");
        var handle = await _local.Jobs.StartAsync(job, _ct);
        await _local.Driver.StopAsync(instance.ComputeId, instanceHandle, _ct);
        Assert.Empty(InstanceProcesses.FindByCommandLine(Path.Combine(_local.StateDir, instance.ComputeId.ToString("N"))));
        var exited = Assert.IsType<JobObservation.Exited>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        Assert.Null(exited.ExitCode);
    }

    [Fact]
    public async Task Start_OnAStoppedInstance_IsRefused()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        await _local.Driver.StopAsync(instance.ComputeId, instanceHandle, _ct);
        var job = LocalDriverFixture.Job(instance, instanceHandle, 7, "true");
        var error = await Assert.ThrowsAsync<DriverException>(() => _local.Jobs.StartAsync(job, _ct));
        Assert.Contains("not running", error.Message, StringComparison.Ordinal);
        Assert.IsType<JobObservation.NotStarted>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, null, _ct));
    }

    [Fact]
    public async Task Release_DeletesItsFolder_LogsStay()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 8, "echo kept");
        var handle = await _local.Jobs.StartAsync(job, _ct);
        await EndedAsync(job, handle);
        await _local.Jobs.ReleaseAsync(job.JobId, job.ComputeId, handle, _ct);
        Assert.False(Directory.Exists(Path.Combine(_local.StateDir, instance.ComputeId.ToString("N"), "jobs", "8")));
        Assert.Equal("kept\n", File.ReadAllText(_local.Log(job, JobFolders.Stdout)));
        Assert.IsType<JobObservation.NotStarted>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
    }

    public void Dispose() => _local.Dispose();
}
