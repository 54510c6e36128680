using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Workbench.Drivers;
using Workbench.Drivers.Local;
using Workbench.Server.Api;
using Workbench.Server.Auth;
using Workbench.Server.Catalog;
using Workbench.Server.Proxy;
using Workbench.Server.Reconcile;
using Workbench.Server.Shares;
using Workbench.Server.Studio;
using Workbench.Server.Store;

namespace Workbench.Server;

/// <summary>How the server is put together: its services and its request pipeline.</summary>
public static class WorkbenchHost
{
    public static WebApplicationBuilder AddWorkbench(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkbenchOptions>()
            .BindConfiguration("Workbench")
            .PostConfigure(o => o.DataDir = Path.GetFullPath(o.DataDir))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkbenchOptions>, WorkbenchOptionsValidator>();
        services.AddOptions<LocalDriverOptions>()
            .BindConfiguration("Drivers:Local")
            .PostConfigure<IOptions<WorkbenchOptions>>((local, workbench) =>
                local.StateDir = string.IsNullOrEmpty(local.StateDir) ? Path.Combine(workbench.Value.DataDir, "instances") : local.StateDir)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LocalDriverOptions>, LocalDriverOptionsValidator>();
        services.AddOptions<AppsOptions>().BindConfiguration("Workbench:Apps").ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppsOptions>, AppsOptionsValidator>();

        var dataDir = Path.GetFullPath(builder.Configuration["Workbench:DataDir"] ?? new WorkbenchOptions().DataDir);
        // First, so the store, the keys and every secret below it are born in a folder only the server can read.
        Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        services.AddWorkbenchStore(builder.Configuration, dataDir);
        // Keys for cookies and antiforgery live with the rest of the server's state, not in ~/.aspnet.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SizeCatalog>();
        services.AddSingleton<ImageCatalog>();
        services.AddSingleton<AppSecrets>();
        services.AddSingleton<WorkspaceShares>();
        services.AddSingleton<IComputeDriver, LocalDriver>();
        services.AddSingleton<InstanceQueue>();
        services.AddSingleton<ReadinessProbe>();
        services.AddHttpClient(ReadinessProbe.ClientName, c => c.Timeout = TimeSpan.FromSeconds(2));
        services.AddHttpForwarder();
        services.AddSingleton<AppHttpClient>();
        services.AddSingleton<AppSessionTicket>();
        services.AddScoped<InstanceReconciler>();
        // Registered first: the store is ready before the reconciler or the server touch it.
        services.AddHostedService<WorkbenchInitializer>();
        services.AddHostedService<InstanceController>();

        services.AddWorkbenchAuthentication();
        services.AddProblemDetails();
        services.AddWorkbenchResponseCompression();
        services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
    }

    public static WebApplication UseWorkbench(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<AppHostRouting>();
        app.UseWorkbenchResponseCompression();
        app.UseStudioFiles();
        app.UseAuthentication();
        app.UseSessionCsrfProtection();
        app.UseAuthorization();
        app.MapGet("/healthz", () => TypedResults.Ok("ok")).AllowAnonymous();
        app.MapLoginPages();
        app.MapLoginApi();
        app.MapAntiforgeryApi();
        app.MapCatalogApi();
        app.MapUserApi();
        app.MapPasswordApi();
        app.MapTokenApi();
        app.MapComputeApi();
        app.MapFileApi();
        app.MapAppProxy();
        app.MapAppSignIn();
        app.MapStudioPages();
        return app;
    }
}
