using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Workspaces;
using Workbench.Drivers;
using Workbench.Drivers.Local;
using Workbench.Server.Api;
using Workbench.Server.Auth;
using Workbench.Server.Catalog;
using Workbench.Server.Reconcile;
using Workbench.Server.Shares;
using Workbench.Server.Store;

namespace Workbench.Server;

/// <summary>How the server is put together: services, the request pipeline, and what runs once at start.</summary>
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
        services.AddWorkbenchStore(builder.Configuration, dataDir);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SizeCatalog>();
        services.AddSingleton<ImageCatalog>();
        services.AddSingleton<AppSecrets>();
        services.AddSingleton<WorkspaceShares>();
        services.AddSingleton<IComputeDriver, LocalDriver>();
        services.AddSingleton<InstanceQueue>();
        services.AddSingleton<ReadinessProbe>();
        services.AddHttpClient(ReadinessProbe.ClientName, c => c.Timeout = TimeSpan.FromSeconds(2));
        services.AddScoped<InstanceReconciler>();
        services.AddHostedService<InstanceController>();

        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
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
        app.MapComputeApi();
        return app;
    }

    /// <summary>Creates the data folder, brings the store up to date, and makes the default workspace and the admin.</summary>
    public static async Task InitializeWorkbenchAsync(this WebApplication app, TextWriter console)
    {
        var options = app.Services.GetRequiredService<IOptions<WorkbenchOptions>>().Value;
        Directory.CreateDirectory(options.DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
            var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            await db.MigrateAsync(app.Lifetime.ApplicationStopping);
            if (!await db.Workspaces.AnyAsync(w => w.Name == Workspace.DefaultName))
            {
                db.Workspaces.Add(new Workspace(Workspace.DefaultName, time.GetUtcNow()));
                await db.SaveChangesAsync();
            }
            await BootstrapAdmin.EnsureAsync(db, options.DataDir, time, console, app.Lifetime.ApplicationStopping);
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                console.WriteLine($"Workbench is listening on {address} (data in {options.DataDir}).");
                console.WriteLine($"Log in: wb login --server {address} --token \"$(cat {Path.Combine(options.DataDir, BootstrapAdmin.TokenFile)})\"");
            }
        });
    }
}
