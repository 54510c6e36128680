using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Workbench.Server.Api;

/// <summary>
/// Compresses what GET answers with (the API's JSON, the Studio's page, scripts and styles) for clients that
/// ask: a list of 1,000 instances is ~380 KB of JSON and a tenth of that compressed. Not the app proxy (apps
/// answer for themselves, websockets included), not file downloads (not a compressible type, and ranges
/// must stay byte ranges), and only over plain http, ASP.NET Core's default: over https a TLS proxy in
/// front usually compresses, and this keeps clear of BREACH-style attacks on answers that hold a secret.
/// </summary>
public static class ResponseCompressionSetup
{
    public static IServiceCollection AddWorkbenchResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // Fastest: on 2 cores the list's latency matters more than the last few bytes.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    public static IApplicationBuilder UseWorkbenchResponseCompression(this IApplicationBuilder app) =>
        app.UseWhen(
            context => HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/i"),
            branch => branch.UseResponseCompression());
}
