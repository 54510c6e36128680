using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Drivers;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>
/// The server in-process with the real store and the real local driver, on its own data folder.
/// On dispose it deletes every instance it made, through the driver, so no process outlives the tests.
/// </summary>
public class WorkbenchFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "wb_admin-token-for-tests";
    private readonly TempFolder _data = new("wb-server");

    public string DataDir => _data.Path;

    /// <summary>Set to run on PostgreSQL instead of SQLite.</summary>
    protected virtual string? PostgresConnectionString => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Workbench:DataDir", DataDir);
        builder.UseSetting("WB_BOOTSTRAP_TOKEN", AdminToken);
        builder.UseSetting("Drivers:Local:StopGracePeriod", "00:00:05");
        if (PostgresConnectionString is { } postgres)
        {
            builder.UseSetting("ConnectionStrings:Postgres", postgres);
        }
    }

    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient CreateAdminClient() => CreateClient(AdminToken);

    public async Task<T> WithStoreAsync<T>(Func<WorkbenchDbContext, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>());
    }

    /// <summary>The app token the server gave an instance, as the proxy will read it.</summary>
    public async Task<string> AppTokenAsync(string workspace, string name)
    {
        var id = await WithStoreAsync(db => db.Instances.Where(i => i.Workspace == workspace && i.Name == name).Select(i => i.Id).SingleAsync());
        return Services.GetRequiredService<AppSecrets>().GetOrCreate(id);
    }

    public async Task<Guid> InstanceIdAsync(string workspace, string name) =>
        await WithStoreAsync(db => db.Instances.Where(i => i.Workspace == workspace && i.Name == name).Select(i => i.Id).SingleAsync());

    public override async ValueTask DisposeAsync()
    {
        try
        {
            // Stop the host first, so its reconciler is not starting an instance while it is released here.
            var driver = Services.GetRequiredService<IComputeDriver>();
            var instances = await WithStoreAsync(db => db.Instances.AsNoTracking().Select(i => new { i.Id, i.DriverHandle }).ToListAsync());
            await base.DisposeAsync();
            foreach (var instance in instances)
            {
                await driver.ReleaseAsync(instance.Id, instance.DriverHandle, CancellationToken.None);
            }
        }
        finally
        {
            InstanceProcesses.KillAll(DataDir);
            InstanceHandovers.DeleteAll(Path.Combine(DataDir, "instances"));
            _data.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
