using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Workbench.Server.Tests.Auth;

/// <summary>The server on a clock the tests move, with helpers to make users and to browse as a person would.</summary>
public class LoginServer : WorkbenchFactory
{
    public const string Password = "correct horse battery";

    private const string ClientAddressHeader = "X-Test-Client-Address";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
        });
    }

    /// <summary>A client whose requests come from the given address, as the server sees it.</summary>
    public HttpClient CreateClientAt(IPAddress address)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address.ToString());
        return client;
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient CreateBrowser(string baseAddress = "http://localhost") =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    /// <summary>Makes a user with <see cref="Password"/>, a Data Scientist in the default workspace, and returns their API token.</summary>
    public async Task<string> CreateUserAsync(string name, string password = Password)
    {
        var response = await CreateAdminClient().PostAsJsonAsync("/api/v1/users", new { name, password, role = "Data Scientist" });
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Contracts.CreatedUserResponse>())!.Token;
    }

    /// <summary>The test server has no network and so no client addresses; this fake gives requests one, from a header only tests send.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
