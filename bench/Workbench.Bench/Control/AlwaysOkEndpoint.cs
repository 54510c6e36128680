using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Workbench.Testing;

namespace Workbench.Bench.Control;

/// <summary>A tiny Kestrel on 127.0.0.1 that answers 200 to any request: the fake driver's app, for the server's readiness check.</summary>
public sealed class AlwaysOkEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AlwaysOkEndpoint(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>"host:port", as a driver reports an app's endpoint.</summary>
    public string Endpoint { get; }

    public static async Task<AlwaysOkEndpoint> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return new AlwaysOkEndpoint(app, $"127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
