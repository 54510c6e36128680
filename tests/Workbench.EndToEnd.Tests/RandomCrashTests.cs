using System.Net;
using System.Net.Http.Json;
using Workbench.Testing;

namespace Workbench.EndToEnd.Tests;

/// <summary>
/// kill -9 at moments nobody chose: random lifecycle calls, each followed by a SIGKILL after a random
/// delay, then a restart. At the end every instance must sit in the state its last accepted call asked
/// for, with exactly one Jupyter when running and none otherwise. The seed is fixed so a failure repeats.
/// </summary>
[Trait("Category", "Crash")]
public sealed class RandomCrashTests : IAsyncDisposable
{
    private const string AdminToken = "wb_random-crash-admin";
    private const string Computes = ApiCalls.Computes;
    private const int Rounds = 8;
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(120);
    private static readonly string[] Names = ["rnd-a", "rnd-b"];
    private readonly TempFolder _data = new("wb-random-crash");
    private readonly ServerProcess _server;

    public RandomCrashTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
    }

    [Fact]
    public async Task KillNine_AfterRandomCalls_EndsInTheLastAcceptedState()
    {
        var random = new Random(20261126);
        var expected = Names.ToDictionary(n => n, _ => (string?)null);
        await _server.StartAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var api = _server.CreateClient();
            var name = Names[random.Next(Names.Length)];
            expected[name] = await ActAsync(api, name, expected[name], random);
            await Task.Delay(random.Next(0, 1500));
            await _server.KillAsync();
            await _server.StartAsync();
        }

        var client = _server.CreateClient();
        foreach (var (name, state) in expected)
        {
            var seen = await Eventually.UntilAsync(() => client.StateAsync(name), s => s == state || s == "Failed", Converge, $"{name} reaching {state ?? "deleted"}", () => _server.Output);
            Assert.True(seen == state, $"{name} is {seen}, expected {state ?? "deleted"}\n{_server.Output}");
            var want = state == "Running" ? 1 : 0;
            var count = await Eventually.UntilAsync(() => Task.FromResult(InstanceProcesses.Find(_data.Path, "default", name).Count), n => n == want, Converge, $"{name} with {want} Jupyter",
                () => InstanceProcesses.Describe(_data.Path, "default", name) + "\n" + _server.Output);
            Assert.Equal(want, count);
        }
    }

    /// <summary>Makes one call that the instance's state allows and returns the state it must end in.</summary>
    private static async Task<string?> ActAsync(HttpClient api, string name, string? current, Random random)
    {
        if (current is null)
        {
            var created = await api.PutAsJsonAsync($"{Computes}/{name}", new { size = "Standard_DS1_v2" });
            // 409 while the previous delete still runs: it stays deleted.
            Assert.Contains(created.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
            return created.StatusCode == HttpStatusCode.Created ? "Running" : null;
        }
        var choices = current == "Running" ? new[] { "stop", "restart", "delete" } : ["start", "delete"];
        var action = choices[random.Next(choices.Length)];
        var response = action == "delete"
            ? await api.DeleteAsync($"{Computes}/{name}")
            : await api.PostAsync($"{Computes}/{name}/{action}", null);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            // The previous call has not settled yet (still Stopping, say): the last accepted wish stands.
            return current;
        }
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return action switch
        {
            "stop" => "Stopped",
            "delete" => null,
            _ => "Running",
        };
    }


    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }
}
