using Workbench.Server.Proxy;

namespace Workbench.Server.Tests.Proxy;

public sealed class AppHostTests
{
    [Theory]
    [InlineData("px-1--jupyter--default.apps.test", "default", "px-1", "jupyter")]
    [InlineData("PX-1--Jupyter--Default.APPS.test", "default", "px-1", "jupyter")]
    [InlineData("a-b-c--app--team-1.apps.test", "team-1", "a-b-c", "app")]
    public void Parse_AppHost_GivesItsParts(string host, string workspace, string instance, string app) =>
        Assert.Equal(new AppHost(workspace, instance, app), AppHost.Parse(host, "apps.test"));

    [Theory]
    [InlineData("apps.test")]
    [InlineData("px-1--jupyter.apps.test")]
    [InlineData("px-1--jupyter--default--x.apps.test")]
    [InlineData("px-1----default.apps.test")]
    [InlineData("px-1--jupyter--default.other.test")]
    [InlineData("px-1--jupyter--default.x.apps.test.evil")]
    [InlineData("x.px-1--jupyter--default.apps.test")]
    [InlineData("127.0.0.1")]
    public void Parse_OtherHosts_AreNotAppHosts(string host) => Assert.Null(AppHost.Parse(host, "apps.test"));

    [Fact]
    public void Name_RoundTripsAndLowercasesTheInstance()
    {
        var host = new AppHost("default", "My-Box", "jupyter").Name("apps.test");
        Assert.Equal("my-box--jupyter--default.apps.test", host);
        Assert.Equal(new AppHost("default", "my-box", "jupyter"), AppHost.Parse(host, "apps.test"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("apps.example.org", true)]
    [InlineData("localhost", true)]
    [InlineData("https://apps.example.org", false)]
    [InlineData(".apps.example.org", false)]
    [InlineData("apps.example.org:8443", false)]
    [InlineData("Apps.Example.org", false)]
    [InlineData("", false)]
    public void Validator_AcceptsHostNamesOnly(string? baseDomain, bool valid) =>
        Assert.Equal(valid, new AppsOptionsValidator().Validate(null, new AppsOptions { BaseDomain = baseDomain, ServerUrl = "https://wb.example.org" }).Succeeded);

    [Theory]
    [InlineData(null, false)]
    [InlineData("wb.example.org", false)]
    [InlineData("ftp://wb.example.org", false)]
    [InlineData("https://wb.example.org/sub", false)]
    [InlineData("https://wb.example.org", true)]
    [InlineData("http://127.0.0.1:8080/", true)]
    public void Validator_NeedsTheServersOwnUrl_WithABaseDomain(string? serverUrl, bool valid) =>
        Assert.Equal(valid, new AppsOptionsValidator().Validate(null, new AppsOptions { BaseDomain = "apps.example.org", ServerUrl = serverUrl }).Succeeded);
}
