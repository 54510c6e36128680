using Workbench.Drivers.Slurm;

namespace Workbench.Drivers.Tests;

public sealed class SlurmOptionsTests
{
    private static readonly SlurmOptionsValidator Validator = new();

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(100)]
    public void Validate_JobsAheadPerLaneInRange_Accepts(int jobsAhead) =>
        Assert.True(Validator.Validate(null, new SlurmOptions { SharePath = "/srv/share", JobsAheadPerLane = jobsAhead }).Succeeded);

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Validate_JobsAheadPerLaneOutOfRange_NamesTheSetting(int jobsAhead)
    {
        var result = Validator.Validate(null, new SlurmOptions { SharePath = "/srv/share", JobsAheadPerLane = jobsAhead });
        Assert.True(result.Failed);
        Assert.Contains("Drivers:Slurm:JobsAheadPerLane", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/run/workbench/slurmrestd.sock")]
    public void Validate_RestSocketNoneOrAbsolute_Accepts(string socket) =>
        Assert.True(Validator.Validate(null, new SlurmOptions { SharePath = "/srv/share", RestSocket = socket }).Succeeded);

    [Fact]
    public void Validate_RestSocketRelative_NamesTheSetting()
    {
        var result = Validator.Validate(null, new SlurmOptions { SharePath = "/srv/share", RestSocket = "run/slurmrestd.sock" });
        Assert.True(result.Failed);
        Assert.Contains("Drivers:Slurm:RestSocket must be the absolute path", result.FailureMessage, StringComparison.Ordinal);
    }
}
