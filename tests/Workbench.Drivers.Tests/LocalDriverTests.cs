using Workbench.Domain.Catalog;
using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>The local driver with real bubblewrap, cgroups and processes.</summary>
public sealed class LocalDriverTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly LocalDriverFixture _local = new(stopGrace: TimeSpan.FromSeconds(1));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task WaitForFileAsync(string path) =>
        await Eventually.UntilAsync(() => File.Exists(path) && new FileInfo(path).Length > 0, Wait, $"{path} written");

    [Fact]
    public async Task Start_RunsAppInSandbox_WithHomeShareTmpAndOnlyItsEnvironment()
    {
        Environment.SetEnvironmentVariable("WB_TEST_CANARY", "server-secret");
        Directory.CreateDirectory(_local.SharePath);
        File.WriteAllText(Path.Combine(_local.SharePath, "data.csv"), "a,b");
        var spec = _local.Spec(
            "env > $HOME/env.txt; ls / > $HOME/root.txt; hostname > $HOME/host.txt; cat ~/cloudfiles/data.csv > $HOME/share.txt; " +
            "touch /tmp/scratch; ls /proc | grep -c '^[0-9]' > $HOME/pids.txt; echo done > $HOME/done.txt; exec sleep 600",
            environment: new() { ["APP_TOKEN"] = "{token}", ["ODD"] = "a\"b$c`d'e\\f", ["PORT_IS"] = "{port}", ["HOST_IS"] = "{host}" });

        var handle = await _local.Driver.StartAsync(spec, _ct);
        var home = _local.Home(spec);
        await WaitForFileAsync(Path.Combine(home, "done.txt"));

        var env = File.ReadAllLines(Path.Combine(home, "env.txt"));
        Assert.Contains("HOME=/home/alice", env);
        Assert.Contains("APP_TOKEN=app-secret-123", env);
        Assert.Contains("ODD=a\"b$c`d'e\\f", env);
        Assert.DoesNotContain(env, line => line.StartsWith("WB_APP_TOKEN=", StringComparison.Ordinal) || line.Contains("server-secret", StringComparison.Ordinal));
        var observed = Assert.IsType<Observation.Alive>(await _local.Driver.ObserveAsync(spec.ComputeId, handle, _ct));
        Assert.Contains($"PORT_IS={observed.Endpoints["app"].Split(':')[1]}", env);
        Assert.StartsWith("127.0.0.1:", observed.Endpoints["app"], StringComparison.Ordinal);
        Assert.Contains("HOST_IS=127.0.0.1", env);

        // Only the system folders, home and its own /tmp: not the data folder, not /root.
        Assert.Equal(["bin", "dev", "etc", "home", "lib", "lib64", "opt", "proc", "sbin", "tmp", "usr"],
            File.ReadAllLines(Path.Combine(home, "root.txt")).Order(StringComparer.Ordinal));
        Assert.Equal("drv-1", File.ReadAllText(Path.Combine(home, "host.txt")).Trim());
        Assert.Equal("a,b", File.ReadAllText(Path.Combine(home, "share.txt")));
        Assert.True(File.Exists(Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"), "tmp", "scratch")));
        Assert.True(int.Parse(File.ReadAllText(Path.Combine(home, "pids.txt"))) < 10, "the sandbox sees the host's processes");
        Assert.DoesNotContain("app-secret-123", File.ReadAllText($"/proc/{LocalDriverFixture.LeaderPid(handle)}/cmdline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Twice_AdoptsTheRunningInstance()
    {
        var spec = _local.Spec("exec sleep 600");
        var first = await _local.Driver.StartAsync(spec, _ct);
        var second = await _local.Driver.StartAsync(spec, _ct);
        Assert.Equal(LocalDriverFixture.LeaderPid(first), LocalDriverFixture.LeaderPid(second));
        int[] Sleepers() => [.. InstanceProcesses.FindByCommandLine("sleep 600").Where(pid => IsBelow(pid, LocalDriverFixture.LeaderPid(first)))];
        await Eventually.UntilAsync(() => Sleepers().Length > 0, Wait, "the app starting");
        await Task.Delay(500, _ct); // room for a second copy to show up, were there one
        Assert.Single(Sleepers());
    }

    [Fact]
    public async Task Start_AfterCrashBeforeHandleWasSaved_AdoptsThroughTheLock()
    {
        var spec = _local.Spec("exec sleep 600");
        var first = await _local.Driver.StartAsync(spec, _ct);
        var folder = Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"));
        // As a crash right after the launch leaves it: the handle has ports and cgroups but no leader yet.
        File.WriteAllText(Path.Combine(folder, "handle.json"), first.Replace($"\"Pid\":{LocalDriverFixture.LeaderPid(first)}", "\"Pid\":0", StringComparison.Ordinal));
        var second = await _local.Driver.StartAsync(spec, _ct);
        Assert.Equal(LocalDriverFixture.LeaderPid(first), LocalDriverFixture.LeaderPid(second));
        // One launcher; a subshell of it (run.sh's "$(date)") shares its command line for a moment, so count top-level ones.
        var launchers = InstanceProcesses.FindByCommandLine(Path.Combine(folder, "run.sh"));
        Assert.Single(launchers, pid => !launchers.Any(other => other != pid && IsBelow(pid, other)));
    }

    [Fact]
    public async Task Lock_IsHeldWhileTheInstanceRuns_AndFreedByStop()
    {
        var spec = _local.Spec("exec sleep 600");
        var handle = await _local.Driver.StartAsync(spec, _ct);
        var folder = new Local.InstanceFolder(_local.Options, spec.ComputeId);
        Assert.True(folder.IsLocked());
        await _local.Driver.StopAsync(spec.ComputeId, handle, _ct);
        Assert.False(folder.IsLocked());
    }

    [Fact]
    public async Task Stop_WithoutLeaderFile_StillFindsTheLauncher()
    {
        var spec = _local.Spec("exec sleep 600");
        await _local.Driver.StartAsync(spec, _ct);
        var folder = Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"));
        File.Delete(Path.Combine(folder, "leader"));
        File.Delete(Path.Combine(folder, "handle.json"));
        await _local.Driver.StopAsync(spec.ComputeId, null, _ct);
        Assert.Empty(InstanceProcesses.FindByCommandLine(folder));
    }

    [Fact]
    public async Task Stop_LeavesNoProcess_KeepsHome_StartAgainSeesIt_TmpIsFresh()
    {
        var spec = _local.Spec("ls -A /tmp | wc -l >> $HOME/tmp-count.txt; touch /tmp/old; echo kept >> $HOME/runs.txt; (sleep 600 &) ; exec sleep 600");
        var handle = await _local.Driver.StartAsync(spec, _ct);
        var runs = Path.Combine(_local.Home(spec), "runs.txt");
        await WaitForFileAsync(runs);
        var folder = Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"));

        await _local.Driver.StopAsync(spec.ComputeId, handle, _ct);
        Assert.Empty(InstanceProcesses.FindByCommandLine(folder));
        Assert.DoesNotContain(InstanceProcesses.FindByCommandLine("sleep 600"), pid => IsBelow(pid, LocalDriverFixture.LeaderPid(handle)));
        Assert.IsType<Observation.Exited>(await _local.Driver.ObserveAsync(spec.ComputeId, handle, _ct));

        var again = await _local.Driver.StartAsync(spec, _ct);
        await Eventually.UntilAsync(() => File.ReadAllLines(runs).Length == 2, Wait, "second run writing");
        Assert.Equal(["0", "0"], File.ReadAllLines(Path.Combine(_local.Home(spec), "tmp-count.txt")).Select(l => l.Trim()));
        Assert.NotEqual(LocalDriverFixture.LeaderPid(handle), LocalDriverFixture.LeaderPid(again));
        await _local.Driver.StopAsync(spec.ComputeId, again, _ct);
    }

    [Fact]
    public async Task Stop_AppIgnoringSigterm_IsKilledAfterGrace()
    {
        var spec = _local.Spec("trap '' TERM; echo up > $HOME/up.txt; while true; do sleep 1; done");
        var handle = await _local.Driver.StartAsync(spec, _ct);
        await WaitForFileAsync(Path.Combine(_local.Home(spec), "up.txt"));
        await _local.Driver.StopAsync(spec.ComputeId, handle, _ct);
        Assert.Empty(InstanceProcesses.FindByCommandLine(Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"))));
    }

    [Fact]
    public async Task Observe_AppExits_ReportsItsStatusAndLog()
    {
        var spec = _local.Spec("echo something went wrong >&2; exit 3");
        var handle = await _local.Driver.StartAsync(spec, _ct);
        var exited = await Eventually.UntilAsync(() => _local.Driver.ObserveAsync(spec.ComputeId, handle, _ct), o => o is Observation.Exited, Wait, "exit seen");
        // apps.sh waits for its apps and exits 0; the app's own message is in the log.
        Assert.NotNull(((Observation.Exited)exited).Reason);
        Assert.Contains("something went wrong", await _local.Driver.ReadLogTailAsync(spec.ComputeId, 20, _ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_DeletesFolderHomeAndJobHandoverFolder_ShareStays()
    {
        var spec = _local.Spec("echo x > ~/cloudfiles/out.txt; exec sleep 600");
        var handle = await _local.Driver.StartAsync(spec, _ct);
        await WaitForFileAsync(Path.Combine(_local.SharePath, "out.txt"));
        var handover = Path.Combine(_local.Options.RuntimeDir, spec.ComputeId.ToString("N"));
        Assert.True(File.Exists(Path.Combine(handover, Local.JobAgent.QueueName)));
        await _local.Driver.ReleaseAsync(spec.ComputeId, handle, _ct);
        Assert.False(Directory.Exists(Path.Combine(_local.StateDir, spec.ComputeId.ToString("N"))));
        Assert.False(Directory.Exists(handover));
        Assert.True(File.Exists(Path.Combine(_local.SharePath, "out.txt")));
        Assert.IsType<Observation.Gone>(await _local.Driver.ObserveAsync(spec.ComputeId, null, _ct));
        await _local.Driver.ReleaseAsync(spec.ComputeId, handle, _ct);
    }

    [Fact]
    public async Task Start_PutsInstanceInCgroupsWithItsLimits()
    {
        // These machines have writable cgroup v1 controllers; a host with v2 gets memory.max and cpu.max instead.
        var spec = _local.Spec("exec sleep 600");
        var handle = await _local.Driver.StartAsync(spec, _ct);
        var groups = LocalDriverFixture.Cgroups(handle);
        Assert.NotEmpty(groups);
        var memory = groups.Single(g => File.Exists(Path.Combine(g, "memory.limit_in_bytes")) || File.Exists(Path.Combine(g, "memory.max")));
        var limit = File.Exists(Path.Combine(memory, "memory.max")) ? "memory.max" : "memory.limit_in_bytes";
        Assert.Equal((long)(0.5 * 1024 * 1024 * 1024), long.Parse(File.ReadAllText(Path.Combine(memory, limit)).Trim()));
        Assert.Contains(LocalDriverFixture.LeaderPid(handle).ToString(), File.ReadAllLines(Path.Combine(memory, "cgroup.procs")));
        await _local.Driver.StopAsync(spec.ComputeId, handle, _ct);
        Assert.All(groups, g => Assert.False(Directory.Exists(g), $"{g} outlived the stop"));
    }

    [Fact]
    public async Task Start_WithoutBubblewrap_NamesThePackage()
    {
        using var local = new LocalDriverFixture(bubblewrap: "/nonexistent/bwrap");
        var error = await Assert.ThrowsAsync<DriverException>(() => local.Driver.StartAsync(local.Spec("true"), _ct));
        Assert.Contains("apt-get install bubblewrap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ImageNeedsMissingProgram_NamesItsPackage()
    {
        var spec = _local.Spec("true", requires: [new HostRequirement("/usr/bin/not-installed-tool", "not-installed-pkg")]);
        var error = await Assert.ThrowsAsync<DriverException>(() => _local.Driver.StartAsync(spec, _ct));
        Assert.Contains("not-installed-pkg", error.Message, StringComparison.Ordinal);
        Assert.Contains("/usr/bin/not-installed-tool", error.Message, StringComparison.Ordinal);
    }

    private static bool IsBelow(int pid, int ancestor) => InstanceProcesses.SelfAndAncestors(pid).Contains(ancestor);

    public void Dispose() => _local.Dispose();
}
