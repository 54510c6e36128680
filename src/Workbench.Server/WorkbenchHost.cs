using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Workbench.Drivers;
using Workbench.Drivers.Local;
using Workbench.Server.Api;
using Workbench.Server.Auth;
using Workbench.Server.Catalog;
using Workbench.Server.Jobs;
using Workbench.Server.Proxy;
using Workbench.Server.Reconcile;
using Workbench.Server.Shares;
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
        services.AddScoped<InstanceReconciler>();
        AddJobs(services);
        // Registered first: the store is ready before the reconcilers or the server touch it.
        services.AddHostedService<WorkbenchInitializer>();
        services.AddHostedService<InstanceController>();
        services.AddHostedService<JobController>();

        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
    }

    private static void AddJobs(IServiceCollection services)
    {
        services.AddSingleton<IJobDriver, LocalJobDriver>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<DispatchQueue>();
        services.AddSingleton<JobWatchers>();
        services.AddSingleton<CodeStore>();
        services.AddSingleton<JobInserts>();
        services.AddScoped<IJobTarget, InstanceJobTarget>();
        services.AddScoped<JobTargets>();
        services.AddScoped<JobSubmissions>();
        services.AddScoped<JobDispatcher>();
        services.AddScoped<JobReconciler>();
    }

    public static WebApplication UseWorkbench(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", () => TypedResults.Ok("ok")).AllowAnonymous();
        app.MapCatalogApi();
        app.MapUserApi();
        app.MapTokenApi();
        app.MapComputeApi();
        app.MapJobApi();
        app.MapAppProxy();
        return app;
    }
}
