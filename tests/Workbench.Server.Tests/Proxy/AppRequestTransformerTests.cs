using Microsoft.AspNetCore.Http;
using Workbench.Server.Proxy;

namespace Workbench.Server.Tests.Proxy;

public sealed class AppRequestTransformerTests
{
    [Fact]
    public async Task Transform_CallersCookiesAndToken_StayBehind_TheAppsTokenGoes()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Host = new HostString("wb.example:8080");
        context.Request.Path = "/i/default/box/jupyter/api/status";
        context.Request.Headers.Cookie = "wb_session=the-session; wb_antiforgery=x; _xsrf=y";
        context.Request.Headers.Authorization = "Bearer wb_the-callers-token";
        using var proxyRequest = new HttpRequestMessage();

        await new AppRequestTransformer("the-apps-token").TransformRequestAsync(context, proxyRequest, "http://127.0.0.1:1", CancellationToken.None);

        Assert.False(proxyRequest.Headers.Contains("Cookie"));
        Assert.Equal(["token the-apps-token"], proxyRequest.Headers.GetValues("Authorization"));
        Assert.Equal("wb.example:8080", proxyRequest.Headers.Host);
    }
}
