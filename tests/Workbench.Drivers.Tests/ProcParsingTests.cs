using Workbench.Drivers.Local;

namespace Workbench.Drivers.Tests;

public sealed class ProcParsingTests
{
    [Fact]
    public void ProcStat_NameWithSpacesAndParens_ParsesFieldsAfterIt()
    {
        var line = "4242 (my (odd) name) S 17 4242 4240 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 100";
        var stat = ProcStat.Parse(line);
        Assert.Equal(new ProcStat(4242, 'S', 17, 4240, 987654), stat);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("12 (x) S")]
    [InlineData("x (y) S 1 2 3")]
    public void ProcStat_Malformed_IsNull(string line) => Assert.Null(ProcStat.Parse(line));

    [Fact]
    public void ProcStat_Self_IsAliveWithItsStartTime()
    {
        var self = ProcStat.Read(Environment.ProcessId);
        Assert.NotNull(self);
        Assert.True(new ProcessIdentity(Environment.ProcessId, self.Value.StartTime).IsAlive);
        Assert.False(new ProcessIdentity(Environment.ProcessId, self.Value.StartTime + 1).IsAlive);
    }

    [Fact]
    public void CgroupMounts_V1_FindsEachControllerBelowOwnGroup()
    {
        var root = Directory.CreateTempSubdirectory("wb-cg").FullName;
        try
        {
            var mounts = CgroupMounts.Parse(
                [
                    $"30 25 0:26 / {root}/memory rw,relatime shared:9 - cgroup cgroup rw,memory",
                    $"31 25 0:27 / {root}/cpu,cpuacct rw,relatime shared:10 - cgroup cgroup rw,cpu,cpuacct",
                    $"32 25 0:28 / {root}/pids rw,relatime shared:11 - cgroup cgroup rw,pids",
                ],
                ["4:memory:/api/abc", "2:cpu,cpuacct:/", "8:pids:/"]);
            var bases = mounts.V1Bases(["memory", "cpu", "pids"]);
            Assert.Equal([$"{root}/memory/api/abc/workbench", $"{root}/cpu,cpuacct/workbench", $"{root}/pids/workbench"], bases);
            Assert.Null(mounts.V2Base());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void CgroupMounts_V1_MissingController_GivesNone()
    {
        var mounts = CgroupMounts.Parse(["30 25 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory"], ["4:memory:/"]);
        Assert.Empty(mounts.V1Bases(["memory", "cpu"]));
    }
}
