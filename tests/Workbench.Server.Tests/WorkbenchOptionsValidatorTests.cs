namespace Workbench.Server.Tests;

/// <summary>Settings the server refuses at start, with the setting named.</summary>
public sealed class WorkbenchOptionsValidatorTests
{
    [Theory]
    [InlineData(-21, false)]
    [InlineData(-20, true)]
    [InlineData(0, true)]
    [InlineData(19, true)]
    [InlineData(20, false)]
    public void SchedulingNice_OutsideLinuxsRange_IsRefused(int nice, bool accepted)
    {
        var options = new WorkbenchOptions { SchedulingNice = nice, Sizes = { ["S"] = new SizeOptions { VCpus = 1, MemoryGiB = 1, Family = "f" } } };

        var result = new WorkbenchOptionsValidator().Validate(null, options);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Equal("Workbench:SchedulingNice must be between -20 and 19.", result.FailureMessage);
        }
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public void JobsAheadPerSlot_OutOfRange_IsRefused(int ahead, bool accepted)
    {
        var options = new WorkbenchOptions { JobsAheadPerSlot = ahead, Sizes = { ["S"] = new SizeOptions { VCpus = 1, MemoryGiB = 1, Family = "f" } } };

        var result = new WorkbenchOptionsValidator().Validate(null, options);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Equal("Workbench:JobsAheadPerSlot must be between 0 and 16.", result.FailureMessage);
        }
    }
}
