using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Workbench.Drivers;
using Workbench.Server.Store;

namespace Workbench.Bench.Control;

/// <summary>
/// The real server in this process, over real HTTP (Kestrel on 127.0.0.1, not the in-memory TestServer),
/// with its SQLite store in <paramref name="dataDir"/> and only the driver replaced by <see cref="FakeDriver"/>.
/// </summary>
public sealed class InProcessServer : WebApplicationFactory<Program>
{
    private readonly string _dataDir;
    private readonly string _adminToken;
    private readonly FakeDriver _driver;

    public InProcessServer(string dataDir, string adminToken, FakeDriver driver, int port)
    {
        _dataDir = dataDir;
        _adminToken = adminToken;
        _driver = driver;
        Port = port;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    public int Port { get; }

    public string AdminToken => _adminToken;

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>Reads the store directly, as the server sees it, without going through the API.</summary>
    public async Task<T> WithStoreAsync<T>(Func<WorkbenchDbContext, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production, as deployed: Development would add DI scope validation to every request.
        builder.UseEnvironment("Production");
        builder.UseSetting("Workbench:DataDir", _dataDir);
        builder.UseSetting("WB_BOOTSTRAP_TOKEN", _adminToken);
        // Two Information lines per instance (launched, ready) would bury the bench's own output.
        builder.ConfigureLogging(logging => logging
            .AddFilter("Workbench", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IComputeDriver>();
            services.AddSingleton<IComputeDriver>(_driver);
        });
    }
}
