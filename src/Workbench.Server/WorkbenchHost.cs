using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Workbench.Drivers;
using Workbench.Drivers.Local;
using Workbench.Drivers.Slurm;
using Workbench.Server.Access;
using Workbench.Server.Api;
using Workbench.Server.Audit;
using Workbench.Server.Auth;
using Workbench.Server.Catalog;
using Workbench.Server.Clusters;
using Workbench.Server.Hosting;
using Workbench.Server.Jobs;
using Workbench.Server.Proxy;
using Workbench.Server.Quotas;
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
            {
                local.StateDir = string.IsNullOrEmpty(local.StateDir) ? Path.Combine(workbench.Value.DataDir, "instances") : local.StateDir;
                local.RuntimeDir = string.IsNullOrEmpty(local.RuntimeDir) ? LocalDriverOptions.DefaultRuntimeDir() : local.RuntimeDir;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LocalDriverOptions>, LocalDriverOptionsValidator>();
        services.AddOptions<AppsOptions>().BindConfiguration("Workbench:Apps").ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppsOptions>, AppsOptionsValidator>();
        services.AddOptions<QuotaOptions>().BindConfiguration("Workbench:Quotas").ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>();

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
        services.AddScoped<CallerAccess>();
        services.AddStoreReadCache<MemberRoles>();
        services.AddStoreReadCache<AppRoutes>();
        services.AddSingleton<AuditWrites>();
        services.AddSingleton<QuotaLimits>();
        services.AddSingleton<IQuotaUsageSource, InstanceQuotaUsage>();
        services.AddSingleton<IQuotaUsageSource, ClusterQuotaUsage>();
        services.AddSingleton<QuotaAdmission>();
        services.AddSingleton<IComputeDriver, LocalDriver>();
        AddSlurm(services, builder.Configuration);
        services.AddSingleton<InstanceDrivers>();
        services.AddSingleton<InstanceQueue>();
        services.AddSingleton<ReadinessProbe>();
        services.AddHttpForwarder();
        services.AddSingleton<AppHttpClient>();
        services.AddSingleton<AppSessionTicket>();
        services.AddScoped<InstanceReconciler>();
        AddJobs(services);
        AddClusters(services);
        // Registered first: the store is ready before the reconcilers or the server touch it.
        services.AddHostedService<SchedulingPriority>();
        services.AddHostedService<WorkbenchInitializer>();
        services.AddHostedService<InstanceController>();
        services.AddHostedService<JobController>();
        services.AddHostedService<ClusterController>();

        services.AddWorkbenchAuthentication();
        services.AddProblemDetails();
        services.AddWorkbenchResponseCompression();
        services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
    }

    private static void AddClusters(IServiceCollection services)
    {
        services.AddSingleton<MachineRoom>();
        services.AddSingleton<NodeSpecs>();
        services.AddSingleton<ClusterDrivers>();
        services.AddSingleton<ClusterQueue>();
        services.AddScoped<ClusterRequestCheck>();
        services.AddScoped<IJobTarget, ClusterJobTarget>();
        services.AddScoped<SlurmClusterPass>();
        services.AddScoped<ClusterReconciler>();
    }

    /// <summary>The Slurm driver, for instances created with driver slurm (and jobs on Slurm), only where Drivers:Slurm is configured.</summary>
    private static void AddSlurm(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection(SlurmOptions.Section).Exists())
        {
            return;
        }
        services.AddOptions<SlurmOptions>().BindConfiguration(SlurmOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlurmOptions>, SlurmOptionsValidator>();
        services.AddSingleton<SlurmClient>();
        services.AddSingleton<IComputeDriver, SlurmDriver>();
        services.AddSingleton<SlurmJobDriver>();
    }

    private static void AddJobs(IServiceCollection services)
    {
        services.AddSingleton<IJobDriver, LocalJobDriver>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<DispatchQueue>();
        services.AddSingleton<JobWatchers>();
        services.AddSingleton<PassHandOffs>();
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
        app.UseMiddleware<AppHostRouting>();
        app.UseWorkbenchResponseCompression();
        app.UseStudioFiles();
        app.UseAuthentication();
        // After authentication, so each row names its actor; before the CSRF check, so refused calls are recorded too.
        app.UseMiddleware<AuditMiddleware>();
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
        app.MapWorkspaceApi();
        app.MapMemberApi();
        app.MapRoleApi();
        app.MapQuotaApi();
        app.MapAuditApi();
        app.MapComputeApi();
        app.MapComputeEventsApi();
        app.MapClusterApi();
        app.MapFileApi();
        app.MapJobApi();
        app.MapAppProxy();
        app.MapAppSignIn();
        app.MapStudioPages();
        return app;
    }
}
