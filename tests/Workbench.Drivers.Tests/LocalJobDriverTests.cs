using System.Text.Json;
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

    private Task<(ComputeSpec Spec, string Handle)> StartInstanceAsync() => _local.StartInstanceAsync(_ct);

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
        Assert.True(int.Parse(lines[5]) < 20, "the job sees the host's processes");
        Assert.Equal("oops\n", File.ReadAllText(_local.Log(job, JobFolders.Stderr)));
        Assert.Equal("model\n", File.ReadAllText(Path.Combine(_local.SharePath, "outputs", "job-1", "m.txt")));
        var running = Assert.IsType<JobObservation.Running>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
        Assert.InRange(running.StartedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        // It runs in the instance's sandbox, so in its cgroups: the instance's limits cover the job.
        var first = HostPid(handle).ToString();
        Assert.All(LocalDriverFixture.Cgroups(instanceHandle), group => Assert.Contains(first, File.ReadAllLines(Path.Combine(group, "cgroup.procs"))));
    }

    [Fact]
    public async Task AJobsProcesses_RunFiveNiceValuesBelowTheInstancesAgent()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        // A child started at once, which may run before the agent has set the job's priority, and one started later.
        var job = LocalDriverFixture.Job(instance, instanceHandle, 1, "sleep 600 & sleep 0.3; nice; wait");

        var handle = await _local.Jobs.StartAsync(job, _ct);
        var stdout = _local.Log(job, JobFolders.Stdout);
        await Eventually.UntilAsync(() => File.Exists(stdout) && File.ReadAllText(stdout).EndsWith('\n'), Wait, "the job writing its nice value");

        var agent = LocalDriverFixture.Cgroups(instanceHandle)
            .SelectMany(group => File.ReadAllLines(Path.Combine(group, "cgroup.procs"))).Distinct()
            .Single(pid => File.ReadAllText($"/proc/{pid}/cmdline").StartsWith($"python3\0{Sandbox.FilesFolder}/{JobAgent.ScriptName}", StringComparison.Ordinal));
        var expected = Math.Min(Nice(int.Parse(agent)) + 5, 19);
        var processes = ProcessTree.InSession(HostPid(handle)).ToList();
        Assert.True(processes.Count >= 2, "its shell and the first sleep");
        Assert.All(processes, pid => Assert.Equal(expected, Nice(pid)));
        Assert.Equal(expected.ToString(), File.ReadAllText(stdout).Trim());
    }

    /// <summary>Field 19 of a process's stat: its nice value.</summary>
    private static int Nice(int pid) => int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[16]);

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
    public async Task ShortJobsFourAtOnce_EachIsSeenRunningOrEndedWithItsStatus_NeverEndedWithout()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var ended = new System.Collections.Concurrent.ConcurrentBag<JobObservation>();
        await Parallel.ForEachAsync(Enumerable.Range(100, 300), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = _ct }, async (id, token) =>
        {
            var job = LocalDriverFixture.Job(instance, instanceHandle, id, "true");
            var handle = await _local.Jobs.StartAsync(job, token);
            // Looked at again and again while it ends: the agent records the status before it lets go of the lock.
            JobObservation seen;
            while ((seen = await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, token)) is JobObservation.Running)
            {
            }
            ended.Add(seen);
        });

        Assert.All(ended, o => Assert.True(o is JobObservation.Exited { ExitCode: 0 }, $"seen as {o}"));
    }

    [Fact]
    public async Task AJobWhoseFoldersCannotBeMade_EndsWith127_AndItsLogSaysWhy()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        // A file where the job's folder in the share would go.
        Directory.CreateDirectory(Path.Combine(_local.SharePath, "jobs"));
        File.WriteAllText(Path.Combine(_local.SharePath, "jobs", "job-14"), "in the way");
        var job = LocalDriverFixture.Job(instance, instanceHandle, 14, "echo never");

        var handle = await _local.Jobs.StartAsync(job, _ct);

        var exited = Assert.IsType<JobObservation.Exited>(await EndedAsync(job, handle));
        Assert.Equal(127, exited.ExitCode);
        Assert.Contains("the job could not start", exited.LauncherLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#!/bin/sh\necho two lines, no third")]
    [InlineData("#!/bin/sh\n# made by hand\n# not what the agent reads\ntouch ~/cloudfiles/ran15\n")]
    public async Task AScriptWithoutTheAgentsNote_NeverRuns_ItEndsWith127_AndItsLogSaysWhy(string script)
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 15, "echo never");
        var folder = new InstanceFolder(_local.Options, job.ComputeId);
        File.WriteAllText(new JobScriptFile(folder, job.JobId).Path, script);

        FileStream? queue = null;
        await Eventually.UntilAsync(() => (queue = JobAgent.OpenQueue(folder)) is not null, Wait, "the instance's agent reading its queue");
        using (queue)
        {
            Assert.True(JobAgent.Hand(queue!, job.JobId));
        }
        var exited = Assert.IsType<JobObservation.Exited>(await EndedAsync(job, ""));

        Assert.Equal(127, exited.ExitCode);
        Assert.Contains("is not a job script of this Workbench", exited.LauncherLog, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_local.SharePath, "ran15")));
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
    public async Task HandedOverManyTimesAtOnce_ItRunsOnce()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 9, "echo ran >> ~/cloudfiles/runs9.txt; sleep 0.2");
        await EndedAsync(job, await _local.Jobs.StartAsync(job, _ct));
        // Its records as they were before its first start, then four hand-overs at once, as servers that each think
        // the job has not started would make them.
        var folder = new InstanceFolder(_local.Options, job.ComputeId);
        folder.Records.Delete(job.JobId, folder.Records.ReadClaim(job.JobId));
        Assert.All(Enumerable.Range(0, 4), _ =>
        {
            using var queue = JobAgent.OpenQueue(folder);
            Assert.True(queue is not null && JobAgent.Hand(queue, job.JobId));
        });
        await Eventually.UntilAsync(() => folder.Records.ReadClaim(job.JobId)?.End is not null, Wait, "the job running again");
        await Task.Delay(300, _ct);

        Assert.Equal(["ran", "ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs9.txt")));
        Assert.Equal(0, folder.Records.ReadClaim(job.JobId)?.End?.ExitStatus);
    }

    [Fact]
    public async Task AnAgentThatDied_IsStartedAgain_ItsRunningJobRunsOn_AndEndsWithoutAStatus()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var running = LocalDriverFixture.Job(instance, instanceHandle, 11, "exec sleep 600");
        var runningHandle = await _local.Jobs.StartAsync(running, _ct);
        var agents = _local.JobAgents(instance);
        Assert.Single(agents);
        Native.Kill(agents[0], Native.SigKill);

        // Its job holds its lock, so it runs on; the loop in the sandbox starts a new agent, which takes the next job.
        await Task.Delay(200, _ct);
        Assert.IsType<JobObservation.Running>(await _local.Jobs.ObserveAsync(running.JobId, running.ComputeId, runningHandle, _ct));
        var next = LocalDriverFixture.Job(instance, instanceHandle, 12, "echo ran >> ~/cloudfiles/runs12.txt");
        var nextHandle = await _local.Jobs.StartAsync(next, _ct);
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(next, nextHandle)).ExitCode);
        Assert.Equal(["ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs12.txt")));
        Assert.DoesNotContain(agents[0], _local.JobAgents(instance));

        // Killed again, it is started again (its loop waits longer the second time, within the hand-over's wait).
        Native.Kill(Assert.Single(_local.JobAgents(instance)), Native.SigKill);
        var third = LocalDriverFixture.Job(instance, instanceHandle, 13, "echo ran >> ~/cloudfiles/runs13.txt");
        Assert.Equal(0, ((JobObservation.Exited)await EndedAsync(third, await _local.Jobs.StartAsync(third, _ct))).ExitCode);
        Assert.Equal(["ran"], File.ReadAllLines(Path.Combine(_local.SharePath, "runs13.txt")));

        // No agent saw it end: it ended without a status.
        await _local.Jobs.StopAsync(running.JobId, running.ComputeId, runningHandle, _ct);
        var exited = Assert.IsType<JobObservation.Exited>(await _local.Jobs.ObserveAsync(running.JobId, running.ComputeId, runningHandle, _ct));
        Assert.Null(exited.ExitCode);
    }

    /// <summary>The host pid of a job's first process, from its handle (which names it as its sandbox does).</summary>
    private static int HostPid(string handle)
    {
        var inSandbox = new ProcessIdentity(LocalDriverFixture.LeaderPid(handle), JsonDocument.Parse(handle).RootElement.GetProperty("StartTime").GetUInt64());
        return SandboxProcesses.OnHost(inSandbox)?.Pid ?? throw new InvalidOperationException("The job's first process is gone.");
    }

    [Fact]
    public async Task AnEmptyStartRecord_IsAJobStarting_UntilItHasStayedEmptyTooLong()
    {
        var job = LocalDriverFixture.Job(_local.Spec("exec sleep 600"), "{}", 10, "true");
        var folder = new InstanceFolder(_local.Options, job.ComputeId);
        folder.CreatePrivateFolders();
        var started = Path.Combine(folder.JobRecords, JobRecords.NameOf(job.JobId, JobRecords.StartedRecord));
        File.WriteAllText(started, "");

        Assert.IsType<JobObservation.Running>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, null, _ct));

        // Its agent died between claiming the job and starting it: the job started and is gone.
        var longAgo = DateTime.UtcNow.AddMinutes(-5);
        File.SetLastWriteTimeUtc(started, longAgo);
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
        // Its first process leads the session its agent started it in; the sleep it left behind is in it too.
        var session = HostPid(handle);
        Assert.True(ProcessTree.InSession(session).Count() >= 2, "the job's shell and the sleep it left behind");

        await _local.Jobs.StopAsync(job.JobId, job.ComputeId, handle, _ct);

        Assert.Empty(ProcessTree.InSession(session));
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
        // Its script is written only once an agent reads the queue.
        Assert.False(File.Exists(new JobScriptFile(new InstanceFolder(_local.Options, job.ComputeId), job.JobId).Path));
    }

    [Fact]
    public async Task Release_DeletesItsScript_LogsStay()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        var job = LocalDriverFixture.Job(instance, instanceHandle, 8, "echo kept");
        var handle = await _local.Jobs.StartAsync(job, _ct);
        await EndedAsync(job, handle);
        await _local.Jobs.ReleaseAsync(job.JobId, job.ComputeId, handle, _ct);
        Assert.Empty(Directory.EnumerateFileSystemEntries(new InstanceFolder(_local.Options, instance.ComputeId).Jobs));
        Assert.Equal("kept\n", File.ReadAllText(_local.Log(job, JobFolders.Stdout)));
        Assert.IsType<JobObservation.NotStarted>(await _local.Jobs.ObserveAsync(job.JobId, job.ComputeId, handle, _ct));
    }

    [Fact]
    public async Task Start_AnOutputPathWithALineBreakAndQuotes_TheJobRunsAndWritesThere()
    {
        var (instance, instanceHandle) = await StartInstanceAsync();
        // The agent reads the folders from the script's third line, JSON: a line break in a path cannot end that line.
        const string output = "outputs/two\nlines 'and' spaces";
        var job = LocalDriverFixture.Job(instance, instanceHandle, 9, "echo made > \"${{outputs.model}}/m.txt\"") with
        {
            Outputs = new Dictionary<string, JobOutput> { ["model"] = new(output) },
        };
        var handle = await _local.Jobs.StartAsync(job, _ct);
        var exited = Assert.IsType<JobObservation.Exited>(await EndedAsync(job, handle));
        Assert.Equal(0, exited.ExitCode);
        Assert.Equal("made\n", File.ReadAllText(Path.Combine(_local.SharePath, output, "m.txt")));
    }

    public void Dispose() => _local.Dispose();
}
