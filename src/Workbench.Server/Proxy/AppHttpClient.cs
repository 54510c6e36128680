using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Workbench.Server.Proxy;

/// <summary>The one connection pool the proxy uses to reach apps; built as YARP recommends for forwarding.</summary>
public sealed class AppHttpClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public void Dispose() => Invoker.Dispose();
}
