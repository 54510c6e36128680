using Workbench.Server.Jobs;

namespace Workbench.Server.Tests.Clusters;

/// <summary>resources.instance_count in a job spec: the nodes a job takes on a cluster.</summary>
public sealed class InstanceCountSpecTests
{
    [Fact]
    public void Read_InstanceCount_IsTheNodesAsked_OneWhenLeftOut()
    {
        var (wide, _) = JobSpecReader.Read("compute: c\ncommand: true\nresources: { instance_count: 3 }\n");
        var (plain, _) = JobSpecReader.Read("compute: c\ncommand: true\n");

        Assert.Equal((3, 1), (wide!.Spec.Resources.InstanceCount, plain!.Spec.Resources.InstanceCount));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    [InlineData("-1")]
    public void Read_InstanceCountBelowOneOrNotANumber_IsRefusedByKeyAndLine(string value)
    {
        var (_, errors) = JobSpecReader.Read($"compute: c\ncommand: true\nresources: {{ instance_count: {value} }}\n");

        var error = Assert.Single(errors);
        Assert.Equal(("resources.instance_count", 3), (error.Key, error.Line));
    }
}
