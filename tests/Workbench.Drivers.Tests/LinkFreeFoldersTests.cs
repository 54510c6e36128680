namespace Workbench.Drivers.Tests;

public sealed class LinkFreeFoldersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wb-share").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("wb-outside").FullName;

    [Fact]
    public void Make_NestedFolders_AreMade_AndThoseThereAlreadyAreFine()
    {
        Assert.True(LinkFreeFolders.Make(_root, "jobs/train-1/logs"));
        Assert.True(LinkFreeFolders.Make(_root, "jobs/train-1/logs"));
        Assert.True(LinkFreeFolders.Make(_root, "outputs/churn/"));
        Assert.True(Directory.Exists(Path.Combine(_root, "jobs/train-1/logs")));
        Assert.True(Directory.Exists(Path.Combine(_root, "outputs/churn")));
    }

    [Fact]
    public void Make_ThroughALinkAJobLeft_StopsThere_AndMakesNothingWhereItPoints()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "outputs"), _outside);
        Assert.False(LinkFreeFolders.Make(_root, "outputs/churn"));
        Assert.Empty(Directory.GetFileSystemEntries(_outside));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("jobs/../../escaped")]
    public void Make_AStepUp_IsRefused(string relative)
    {
        Assert.False(LinkFreeFolders.Make(_root, relative));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "escaped")));
    }

    [Fact]
    public void Make_AFileOnTheWay_IsNoFolder()
    {
        File.WriteAllText(Path.Combine(_root, "jobs"), "");
        Assert.False(LinkFreeFolders.Make(_root, "jobs/train-1"));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}
