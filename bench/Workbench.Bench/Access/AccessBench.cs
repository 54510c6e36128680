using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Workbench.Bench.Control;
using Workbench.Bench.Measurement;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Access;

/// <summary>
/// What roles and quotas cost, on the real server in-process over real HTTP with SQLite and a fake driver:
/// the same GET by a platform admin (the baseline: its only access query is the workspace's existence, as
/// before roles), by a member with one built-in role, and by a member of 20 workspaces when 50 custom roles
/// exist; then quota admission under contention, 32 clients creating into one workspace with a limit,
/// against the same creates into a workspace without one (no admission lock).
/// </summary>
public static class AccessBench
{
    public const double AddedP50GoalMs = 0.2;
    public const double AdmissionsPerSecondGoal = 300;
    private const int Rounds = 1000;
    private const int WarmUpRounds = 50;
    private const int Clients = 32;
    private const int Creates = 2000;
    private const int LimitVCpus = 200;

    public static async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        using var work = new TempFolder("wb-bench-access");
        await using var app = await AlwaysOkEndpoint.StartAsync();
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var server = new InProcessServer(work.Path, token, new FakeDriver(app.Endpoint), FreePort.Next());
        server.StartServer();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 };
        var admin = Client(handler, server, token);
        Console.WriteLine($"access: server in-process on {server.Url}, SQLite in {work.Path}");

        var oneRole = Client(handler, server, await UserAsync(admin, "one-role", "Data Scientist"));
        var manyRoles = Client(handler, server, await UserAsync(admin, "many-roles", "Data Scientist"));
        for (var r = 0; r < 50; r++)
        {
            Ensure(await admin.PutAsJsonAsync($"/api/v1/roles/Custom {r}", new { actions = new[] { "workspaces/read", $"workspaces/computes/read", "workspaces/files/*" }, notActions = new[] { "workspaces/files/write" } }, cancellationToken));
        }
        for (var w = 0; w < 20; w++)
        {
            Ensure(await admin.PutAsJsonAsync($"/api/v1/workspaces/ws-{w:00}", new { }, cancellationToken));
            Ensure(await admin.PutAsJsonAsync($"/api/v1/workspaces/ws-{w:00}/members/many-roles", new { role = $"Custom {w * 2}" }, cancellationToken));
            Ensure(await admin.PutAsJsonAsync($"/api/v1/workspaces/ws-{w:00}/members/one-role", new { role = "Data Scientist" }, cancellationToken));
        }

        const string path = "/api/v1/workspaces/ws-07/computes?top=1";
        var kinds = new (string Name, HttpClient Client, Samples Samples)[]
        {
            ("platform admin (baseline)", admin, new Samples($"GET {path}, platform admin (baseline)")),
            ("one role", oneRole, new Samples($"GET {path}, member with 1 built-in role")),
            ("50 custom roles", manyRoles, new Samples($"GET {path}, member of 20 workspaces, 50 custom roles")),
        };
        var random = new Random(3);
        for (var round = 0; round < WarmUpRounds + Rounds; round++)
        {
            foreach (var kind in kinds.OrderBy(_ => random.Next()))
            {
                var start = Stopwatch.GetTimestamp();
                Ensure(await kind.Client.GetAsync(path, cancellationToken));
                var end = Stopwatch.GetTimestamp();
                if (round >= WarmUpRounds)
                {
                    kind.Samples.Add(start, end);
                }
            }
        }

        var unlimited = await CreateBurstAsync(admin, "ws-00", cancellationToken);
        Ensure(await admin.PutAsJsonAsync("/api/v1/workspaces/ws-01/quotas/standardDSv2Family", new { vCpus = LimitVCpus }, cancellationToken));
        var limited = await CreateBurstAsync(admin, "ws-01", cancellationToken);
        var usage = await admin.GetFromJsonAsync<JsonElement>("/api/v1/workspaces/ws-01/quotas", cancellationToken);
        var used = usage.GetProperty("value").EnumerateArray().Single(q => q.GetProperty("family").GetString() == "standardDSv2Family").GetProperty("used").GetInt32();

        var table = new ResultTable("Request", "n", "p50 ms", "p90 ms", "p99 ms", "p50 vs baseline");
        var baseline = kinds[0].Samples.Median;
        foreach (var (_, _, samples) in kinds)
        {
            table.Add(samples.Name, samples.Count.ToString(CultureInfo.InvariantCulture), ResultTable.Ms(samples.Median), ResultTable.Ms(samples.P90),
                ResultTable.Ms(samples.P99), ResultTable.Ratio(samples.Median / baseline));
        }
        var added = Math.Max(kinds[1].Samples.Median, kinds[2].Samples.Median) - baseline;
        var notes = new List<string>
        {
            $"Authorization adds at most {ResultTable.Ms(added)} ms at p50 over the admin's request (goal ≤ {AddedP50GoalMs} ms: {(added <= AddedP50GoalMs ? "met" : "NOT met")}); "
                + $"50 custom roles vs 1 role: {ResultTable.Ratio(kinds[2].Samples.Median / kinds[1].Samples.Median)}x at p50.",
            $"Admission under contention: {Creates} creates (start: false) from {Clients} clients into a workspace with a {LimitVCpus}-vCPU limit: "
                + $"{limited.PerSecond:0} answered/s ({limited.Admitted} admitted, {limited.Refused} refused with 409, {limited.Other} other), "
                + $"used {used} of {LimitVCpus} vCPUs ({(used <= LimitVCpus && limited.Admitted == LimitVCpus ? "exact, no oversubscription" : "WRONG")}); "
                + $"goal ≥ {AdmissionsPerSecondGoal:0}/s: {(limited.PerSecond >= AdmissionsPerSecondGoal ? "met" : "NOT met")}.",
            $"Same creates into a workspace without a limit (no admission lock): {unlimited.PerSecond:0} creates/s; with the limit {ResultTable.Ratio(limited.PerSecond / unlimited.PerSecond)}x of that.",
        };
        return new BenchReport("access: authorization cost and quota admission (SQLite, fake driver)", table, notes);
    }

    private sealed record Burst(double PerSecond, int Admitted, int Refused, int Other);

    private static async Task<Burst> CreateBurstAsync(HttpClient admin, string workspace, CancellationToken cancellationToken)
    {
        var next = -1;
        int admitted = 0, refused = 0, other = 0;
        var began = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < Creates)
            {
                using var response = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/computes/q{i:00000}",
                    new { size = "Standard_DS1_v2", start = false }, cancellationToken);
                _ = response.StatusCode switch
                {
                    HttpStatusCode.Created => Interlocked.Increment(ref admitted),
                    HttpStatusCode.Conflict => Interlocked.Increment(ref refused),
                    _ => Interlocked.Increment(ref other),
                };
            }
        }));
        return new Burst(Creates / Stopwatch.GetElapsedTime(began).TotalSeconds, admitted, refused, other);
    }

    private static async Task<string> UserAsync(HttpClient admin, string name, string role)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { name, role });
        return (await Ensure(response).Content.ReadFromJsonAsync<CreatedUserResponse>())!.Token;
    }

    private static HttpClient Client(SocketsHttpHandler handler, InProcessServer server, string token)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static HttpResponseMessage Ensure(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? response : throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {response.StatusCode}");
}
