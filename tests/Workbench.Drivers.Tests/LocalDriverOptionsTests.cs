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
}
