using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Workbench.Contracts;

namespace Workbench.Server.Tests;

/// <summary>A new install without WB_BOOTSTRAP_TOKEN: the admin's token is generated once, into a 0600 file.</summary>
public sealed class BootstrapTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task FirstStart_WritesAdminTokenOnce_OwnerOnly_AndItWorks()
    {
        string token;
        string dataDir;
        await using (var server = new GeneratedTokenFactory())
        {
            _ = server.CreateClient(); // starts the host
            dataDir = server.DataDir;
            var file = Path.Combine(dataDir, "admin-token");
            Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDir));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
            token = File.ReadAllText(file).Trim();
            Assert.StartsWith("wb_", token, StringComparison.Ordinal);
            var me = await server.CreateClient(token).GetFromJsonAsync<UserResource>("/api/v1/users/me");
            Assert.True(me!.IsAdmin);

            await using var again = new GeneratedTokenFactory(dataDir);
            _ = again.CreateClient();
            Assert.Equal(token, File.ReadAllText(file).Trim());
        }
    }

    private sealed class GeneratedTokenFactory(string? dataDir = null) : WorkbenchFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("WB_BOOTSTRAP_TOKEN", "");
            if (dataDir is not null)
            {
                builder.UseSetting("Workbench:DataDir", dataDir);
            }
        }
    }
}
