using Workbench.Drivers.Local;

namespace Workbench.Drivers.Tests;

/// <summary>What the store keeps of a local job or instance: the numbers that name it, nothing read from /proc as it was written.</summary>
public sealed class HandleJsonTests
{
    [Fact]
    public void JobHandle_KeepsItsPidAndStartTime_Only_AndReadsBack()
    {
        var handle = new JobHandle(4242, 987654);
        Assert.Equal("""{"Pid":4242,"StartTime":987654}""", handle.ToJson());
        Assert.Equal(handle, JobHandle.FromJson(handle.ToJson()));
    }

    [Fact]
    public void JobHandle_WrittenWithItsLeaderAndLiveness_ByAnOlderServer_ReadsBack()
    {
        var older = """{"Pid":4242,"StartTime":987654,"Leader":{"Pid":4242,"StartTime":987654,"IsAlive":true}}""";
        Assert.Equal(new JobHandle(4242, 987654), JobHandle.FromJson(older));
    }

    [Fact]
    public void LocalHandle_KeepsNeitherItsLeaderNorItsEndpoints()
    {
        var handle = new LocalHandle(4242, 987654, new Dictionary<string, int> { ["jupyter"] = 8888 }, ["/sys/fs/cgroup/wb"]);
        var json = handle.ToJson();
        Assert.DoesNotContain("IsAlive", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Endpoints", json, StringComparison.Ordinal);
        var read = LocalHandle.FromJson(json)!;
        Assert.Equal((4242, 987654UL, 8888, "127.0.0.1:8888"), (read.Pid, read.StartTime, read.Ports["jupyter"], read.Endpoints["jupyter"]));
    }
}
