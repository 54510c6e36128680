using Workbench.Server.Auth;

namespace Workbench.Server.Tests.Auth;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/i/default/box/jupyter/")]
    [InlineData("/login?returnUrl=%2F")]
    public void IsLocal_PathOnThisServer_Yes(string url) => Assert.True(LocalUrl.IsLocal(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("/ok\n")]
    [InlineData("javascript:alert(1)")]
    [InlineData("relative/path")]
    public void IsLocal_AnythingElse_No(string? url) => Assert.False(LocalUrl.IsLocal(url));
}
