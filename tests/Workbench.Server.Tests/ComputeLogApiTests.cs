using System.Net;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>GET .../computes/{name}/log: the last lines the driver kept of an instance's processes.</summary>
public sealed class ComputeLogApiTests(ComputeLogApiTests.Server server) : IClassFixture<ComputeLogApiTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    [Fact]
    public async Task Log_NeverStarted_IsEmpty_ThenTheLastLinesOfTheDriversLog()
    {
        (await _admin.PutComputeAsync("log-one", new { size = "Standard_DS1_v2", start = false })).EnsureSuccessStatusCode();
        var empty = await _admin.GetAsync($"{ApiCalls.Computes}/log-one/log");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("text/plain", empty.Content.Headers.ContentType?.MediaType);
        Assert.Equal("", await empty.Content.ReadAsStringAsync());

        var folder = Path.Combine(server.DataDir, "instances", (await server.InstanceIdAsync("default", "log-one")).ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllLinesAsync(Path.Combine(folder, "instance.log"), Enumerable.Range(1, 300).Select(i => $"line {i}"));

        var all = (await _admin.GetStringAsync($"{ApiCalls.Computes}/log-one/log")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, all.Length);
        Assert.Equal("line 300", all[^1]);
        Assert.Equal("line 298\nline 299\nline 300\n", await _admin.GetStringAsync($"{ApiCalls.Computes}/log-one/log?lines=3"));
    }

    [Fact]
    public async Task Log_UnknownInstance_Is404_BadLines_Is400NamingLines()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{ApiCalls.Computes}/nowhere/log")).StatusCode);
        (await _admin.PutComputeAsync("log-two", new { size = "Standard_DS1_v2", start = false })).EnsureSuccessStatusCode();
        var response = await _admin.GetAsync($"{ApiCalls.Computes}/log-two/log?lines=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"lines\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
