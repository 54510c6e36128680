using Workbench.Drivers.Local;

namespace Workbench.Drivers.Tests;

public sealed class LocalDriverOptionsTests
{
    private static readonly LocalDriverOptionsValidator Validator = new();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("::1")]
    public void Validate_OneAddress_Accepts(string address) =>
        Assert.True(Validator.Validate(null, new LocalDriverOptions { StateDir = "/var/lib/wb", SshListenAddress = address }).Succeeded);

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("localhost")]
    [InlineData("")]
    public void Validate_WildcardOrNoAddress_NamesTheSetting(string address)
    {
        var result = Validator.Validate(null, new LocalDriverOptions { StateDir = "/var/lib/wb", SshListenAddress = address });
        Assert.True(result.Failed);
        Assert.Contains("Drivers:Local:SshListenAddress", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/run/workbench")]
    public void Validate_RuntimeFolderEmptyOrAbsolute_Accepts(string runtime) =>
        Assert.True(Validator.Validate(null, new LocalDriverOptions { StateDir = "/var/lib/wb", RuntimeDir = runtime }).Succeeded);

    [Fact]
    public void Validate_RelativeRuntimeFolder_NamesTheSetting()
    {
        var result = Validator.Validate(null, new LocalDriverOptions { StateDir = "/var/lib/wb", RuntimeDir = "run/workbench" });
        Assert.True(result.Failed);
        Assert.Contains("Drivers:Local:RuntimeDir", result.FailureMessage, StringComparison.Ordinal);
    }
}
