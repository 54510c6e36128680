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
    public void SchedulingNice_OutsideLinuxsRange_IsRefused(int nice, bool accepted) =>
        AssertValidated(o => o.SchedulingNice = nice, accepted, "Workbench:SchedulingNice must be between -20 and 19.");

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public void JobsAheadPerSlot_OutOfRange_IsRefused(int ahead, bool accepted) =>
        AssertValidated(o => o.JobsAheadPerSlot = ahead, accepted, "Workbench:JobsAheadPerSlot must be between 0 and 16.");

    /// <summary>Options valid but for the one setting <paramref name="set"/> changes: accepted, or refused with exactly <paramref name="refusal"/>.</summary>
    private static void AssertValidated(Action<WorkbenchOptions> set, bool accepted, string refusal)
    {
        var options = new WorkbenchOptions { Sizes = { ["S"] = new SizeOptions { VCpus = 1, MemoryGiB = 1, Family = "f" } } };
        set(options);

        var result = new WorkbenchOptionsValidator().Validate(null, options);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Equal(refusal, result.FailureMessage);
        }
    }
}
