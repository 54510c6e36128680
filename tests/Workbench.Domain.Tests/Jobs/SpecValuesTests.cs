using Workbench.Domain.Jobs;

namespace Workbench.Domain.Tests.Jobs;

/// <summary>The small values of a job spec: names, durations, memory sizes, share paths and command references.</summary>
public sealed class SpecValuesTests
{
    [Theory]
    [InlineData("90s", 90, "1m30s")]
    [InlineData("30m", 1800, "30m")]
    [InlineData("1h30m", 5400, "1h30m")]
    [InlineData("2d", 172800, "2d")]
    [InlineData("1d2h3m4s", 93784, "1d2h3m4s")]
    public void SpecDuration_ParsesUnitsLargestFirst(string text, int seconds, string formatted)
    {
        Assert.True(SpecDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.Equal(formatted, SpecDuration.Format(duration));
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("30 minutes")]
    [InlineData("0s")]
    [InlineData("30m1h")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("400d")]
    public void SpecDuration_RefusesTheRest(string text) => Assert.False(SpecDuration.TryParse(text, out _));

    [Theory]
    [InlineData("2Gi", 2L << 30)]
    [InlineData("512Mi", 512L << 20)]
    [InlineData("1.5G", 1_500_000_000L)]
    [InlineData("100k", 100_000L)]
    [InlineData("4096", 4096L)]
    public void MemorySize_ParsesKubernetesQuantities(string text, long bytes)
    {
        Assert.True(MemorySize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("2 GB")]
    [InlineData("lots")]
    [InlineData("2gi")]
    [InlineData("0")]
    [InlineData("-1Gi")]
    public void MemorySize_RefusesTheRest(string text) => Assert.False(MemorySize.TryParse(text, out _));

    [Theory]
    [InlineData("train-1", true)]
    [InlineData("Train_2024", true)]
    [InlineData("1st", true)]
    [InlineData("-x", false)]
    [InlineData("a/b", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    public void JobName_Validate(string name, bool valid) => Assert.Equal(valid, JobName.Validate(name) is null);

    [Fact]
    public void JobName_Generate_IsValidAndFresh()
    {
        var names = Enumerable.Range(0, 100).Select(_ => JobName.Generate()).ToList();
        Assert.All(names, n => Assert.Null(JobName.Validate(n)));
        Assert.Equal(100, names.Distinct().Count());
    }

    [Theory]
    [InlineData("data/churn.csv", "data/churn.csv")]
    [InlineData("./outputs/churn/", "outputs/churn")]
    [InlineData("a//b", "a/b")]
    public void SharePath_Normalize_KeepsPathsInside(string path, string normalized)
    {
        Assert.Equal(normalized, SharePath.Normalize(path, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("../secret")]
    [InlineData("data/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData(".")]
    [InlineData("")]
    public void SharePath_Normalize_RefusesPathsLeavingTheShare(string path)
    {
        Assert.Null(SharePath.Normalize(path, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void CommandTemplate_FillsInputsAndOutputs_AndNamesUnknownReferences()
    {
        var inputs = new Dictionary<string, JobInput> { ["epochs"] = new("10", null), ["data"] = new(null, "data/churn.csv") };
        var outputs = new Dictionary<string, JobOutput> { ["model"] = new("outputs/churn") };
        const string command = "python train.py --epochs ${{inputs.epochs}} --data ${{ inputs.data }} --out ${{outputs.model}}";
        Assert.Equal("python train.py --epochs 10 --data /home/a/cloudfiles/data/churn.csv --out /home/a/cloudfiles/outputs/churn",
            CommandTemplate.Expand(command, inputs, outputs, "/home/a/cloudfiles"));
        Assert.Empty(CommandTemplate.Unresolved(command, inputs.Keys, outputs.Keys));
        Assert.Equal(["inputs.lr", "search_space.x"], CommandTemplate.Unresolved("${{inputs.lr}} ${{search_space.x}} ${{inputs.epochs}}", inputs.Keys, outputs.Keys));
    }

    [Theory]
    [InlineData("outputs/model", JobOutput.Folder, "outputs/model")]
    [InlineData("reports/r.txt", JobOutput.File, "reports")]
    [InlineData("r.txt", JobOutput.File, ".")]
    public void JobOutput_FolderToMake_IsTheFolderOrTheFilesFolder(string path, string type, string folder) =>
        Assert.Equal(folder, new JobOutput(path, type).FolderToMake);
}
