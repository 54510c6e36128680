using Workbench.Drivers;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>
/// Every test of <see cref="SlurmClientTests"/> again with jobs submitted through the dev cluster's slurmrestd
/// (a job that asks for GPUs still goes through sbatch), and what only slurmrestd can do wrong.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmClientOverRestTests(DevSlurmCluster cluster) : SlurmClientTests(cluster, SlurmCollection.RequireRest(cluster))
{
    [Fact]
    public async Task Rest_NotListening_IsUnavailable_NamingTheSocket()
    {
        using var client = Client(TimeSpan.FromSeconds(5), restSocket: "/nonexistent/slurmrestd.sock");
        var error = await Assert.ThrowsAsync<DriverUnavailableException>(() => client.SubmitAsync(Job("true"), Ct));
        Assert.Contains("slurmrestd on /nonexistent/slurmrestd.sock could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_RefusedJob_SaysWhatSlurmSaid()
    {
        var error = await Assert.ThrowsAsync<DriverException>(() => SubmitAsync(Job("true") with { Partition = "no-such-partition" }));
        Assert.Equal("Slurm refused it (slurmrestd): Invalid partition name specified", error.Message);
    }
}
