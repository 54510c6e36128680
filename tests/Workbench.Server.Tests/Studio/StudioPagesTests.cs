using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Workbench.Server.Studio;

namespace Workbench.Server.Tests.Studio;

/// <summary>How the server serves the Studio: its page on its own routes only, behind sign-in, under a strict CSP.</summary>
public sealed class StudioPagesTests(WorkbenchFactory factory) : IClassFixture<WorkbenchFactory>
{
    [Theory]
    [InlineData("/", "%2F")]
    [InlineData("/w/default/files?path=a%2Fb", "%2Fw%2Fdefault%2Ffiles%3Fpath%3Da%252Fb")]
    [InlineData("/admin", "%2Fadmin")]
    public async Task Shell_NoSession_RedirectsToLoginAndBack(string path, string returnUrl)
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?returnUrl={returnUrl}", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/w/default/computes")]
    [InlineData("/w/team/computes/my-box")]
    public async Task Shell_SignedIn_IsThePageWithStrictCsp(string path)
    {
        using var admin = factory.CreateAdminClient();
        var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/studio/app.js\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(StudioPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline", StudioPages.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scripts_NoSession_ServedWithCsp()
    {
        using var anonymous = factory.CreateClient();
        var response = await anonymous.GetAsync("/studio/app.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(StudioPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/login", HttpStatusCode.OK)]
    [InlineData("/i/default/nobody/jupyter/", HttpStatusCode.NotFound)]
    public async Task OtherPaths_SignedIn_NotShadowedByThePage(string path, HttpStatusCode expected)
    {
        using var admin = factory.CreateAdminClient();
        var response = await admin.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain("/studio/app.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
