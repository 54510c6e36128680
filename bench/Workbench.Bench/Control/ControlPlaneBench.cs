using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workbench.Bench.Measurement;
using Workbench.Contracts;
using Workbench.Domain.Computes;
using Workbench.Domain.Workspaces;
using Workbench.Server;
using Workbench.Server.Store;
using Workbench.Testing;

namespace Workbench.Bench.Control;

/// <summary>
/// Control-plane latency with many instances in the store: the real server in-process over real HTTP,
/// SQLite, the real reconciler and readiness check, and a fake driver. Fills the store through the API,
/// then times lists against two baselines of the same run: /healthz (no store) and /api/v1/sizes
/// (authenticated: the token lookup is its only query). Ends with diagnostics that say where a create's
/// time goes: creates with the reconciler held still, and the store's SaveChanges alone.
/// </summary>
public static class ControlPlaneBench
{
    public const double ListP99GoalMs = 50;
    public const double CreatesPerSecondGoal = 500;
    private const string Computes = ApiCalls.Computes;
    private const int Concurrency = 8;
    private const int MinLatencyRounds = 500;
    private const int WarmUpRounds = 30;
    private const int Walks = 10;
    private const int DiagnosticCreates = 2000;
    private const int DiagnosticInserts = 1000;

    /// <summary>Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms (Thread.Sleep) and trying again, until its timeout.</summary>
    private const double BusyWaitMs = 150;

    /// <summary>How far above a multiple of <see cref="BusyWaitMs"/> a request that waited only on busy retries lands.</summary>
    private const double BusyBandMs = 25;

    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(3);

    public static async Task<BenchReport> RunAsync(int instances, CancellationToken cancellationToken)
    {
        using var work = new TempFolder("wb-bench-control");
        await using var app = await AlwaysOkEndpoint.StartAsync();
        var notes = new List<string>();
        var rows = new List<Samples>();

        var driver = new FakeDriver(app.Endpoint);
        await using (var server = await StartAsync(Path.Combine(work.Path, "server"), driver))
        {
            using var clients = new Clients(server);
            Console.WriteLine($"control: server in-process on {server.Url}, SQLite in {work.Path}, fake app at {app.Endpoint}");
            await WarmUpAsync(clients, server, cancellationToken);

            // Fill: every PUT is a real create, and the reconciler starts each one (fake driver, real readiness check).
            var puts = new Samples("PUT .../computes/{name} (fill)");
            var fillCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var fillObservations = driver.Observations;
            var fillStart = Stopwatch.GetTimestamp();
            await CreateAsync(clients.Admin, instances, i => $"c{i:00000}", puts, progress: true, cancellationToken);
            var fillSeconds = Stopwatch.GetElapsedTime(fillStart).TotalSeconds;
            var createsPerSecond = instances / fillSeconds;
            Console.WriteLine($"control: {instances} creates in {fillSeconds:0.0} s ({createsPerSecond:0}/s); waiting for the reconciler to make them all Running ...");
            var (notRunning, allRunningSeconds) = await WaitUntilAllRunningAsync(server, fillStart, cancellationToken);
            var cpuPerCreate = CpuMillisecondsSince(fillCpu) / instances;
            var observationsPerCreate = (double)(driver.Observations - fillObservations) / instances;

            // Latency: one client, one request at a time, the four kinds interleaved so background work (the
            // reconciler's resync of every live instance) falls on all of them alike.
            var healthz = new Samples("GET /healthz (no token)");
            var sizes = new Samples("GET /api/v1/sizes");
            var list = new Samples("GET .../computes (first page, 100)");
            var list1000 = new Samples("GET .../computes?top=1000");
            (HttpClient Client, string Url, Samples Samples)[] probes =
            [
                (clients.Anonymous, "/healthz", healthz),
                (clients.Admin, "/api/v1/sizes", sizes),
                (clients.Admin, Computes, list),
                (clients.Admin, $"{Computes}?top=1000", list1000),
            ];
            await CheckFirstPageAsync(clients.Admin, cancellationToken);
            // Long enough that one periodic resync of every live instance falls inside, as it does for any user of a busy server.
            var resync = server.Services.GetRequiredService<IOptions<WorkbenchOptions>>().Value.ResyncInterval;
            var minLatencyTime = resync + TimeSpan.FromSeconds(5);
            Console.WriteLine($"control: timing at least {MinLatencyRounds} rounds and {minLatencyTime.TotalSeconds:0} s of /healthz, /api/v1/sizes, the list and the list of 1000 ...");
            var observationsBefore = driver.Observations;
            var latencyStart = Stopwatch.GetTimestamp();
            // A fixed seed: the order changes from round to round (no request always follows the big one) but not from run to run.
            var order = new Random(20261126);
            for (var round = 0; round < MinLatencyRounds || Stopwatch.GetElapsedTime(latencyStart) < minLatencyTime; round++)
            {
                order.Shuffle(probes);
                foreach (var (client, url, samples) in probes)
                {
                    await TimedGetAsync(client, url, samples, cancellationToken);
                }
            }
            var latencySeconds = Stopwatch.GetElapsedTime(latencyStart).TotalSeconds;
            var observations = driver.Observations - observationsBefore;

            Console.WriteLine($"control: walking all {instances} instances page by page, {Walks} times at top=100 and at top=1000 ...");
            var walk100 = new Samples("Paged walk of all, top=100");
            var walk1000 = new Samples("Paged walk of all, top=1000");
            for (var walk = 0; walk < Walks; walk++)
            {
                await WalkAsync(clients.Admin, 100, instances, walk100, cancellationToken);
                await WalkAsync(clients.Admin, 1000, instances, walk1000, cancellationToken);
            }

            rows.AddRange([healthz, sizes, list, list1000, walk100, walk1000, puts]);
            var catchUp = notRunning == 0
                ? $"all {instances} were Running {allRunningSeconds:0.0} s after the fill began ({instances / allRunningSeconds:0} created and started per second)"
                : $"{notRunning} of {instances} were still not Running {CatchUpTimeout.TotalSeconds:0} s after the fill began";
            notes.Add($"List p99 (first page, 100): {ResultTable.Ms(list.P99)} ms (goal ≤ {ListP99GoalMs:0} ms: {(list.P99 <= ListP99GoalMs ? "met" : "NOT met")}); "
                + $"top=1000 p99: {ResultTable.Ms(list1000.P99)} ms. List p50 is {ResultTable.Ratio(list.Median / healthz.Median)}× /healthz and "
                + $"{ResultTable.Ratio(list.Median / sizes.Median)}× /api/v1/sizes.");
            notes.Add($"Creates: {instances} PUTs from {Concurrency} concurrent clients in {fillSeconds:0.0} s = {createsPerSecond:0} creates/s "
                + $"(goal ≥ {CreatesPerSecondGoal:0}/s: {(createsPerSecond >= CreatesPerSecondGoal ? "met" : "NOT met")}); {catchUp}. {BusyWaits(puts)}");
            notes.Add($"CPU: from the fill's start until all were Running this process (clients, server, reconciler, fake app) used "
                + $"{ResultTable.Ms(cpuPerCreate)} ms of CPU per create, so {Environment.ProcessorCount} cores could do at most "
                + $"{Environment.ProcessorCount * 1000 / cpuPerCreate:0} creates/s with their starts if nothing else waited. "
                + $"Meanwhile the reconciler looked at an instance {observationsPerCreate:0.0} times per create: once to find it ready, the rest its {resync.TotalSeconds:0} s resync of all live ones.");
            notes.Add($"While the GETs were timed ({latencySeconds:0.0} s, {healthz.Count} rounds) the reconciler looked at an instance {observations} times "
                + $"({observations / latencySeconds:0}/s): its resync of every live instance each {resync.TotalSeconds:0} s, running beside the requests.");
        }

        // Diagnostics: where a create's time goes.
        Console.WriteLine($"control: diagnostics: {DiagnosticCreates} creates with the reconciler held still ...");
        var stalled = new FakeDriver(app.Endpoint, stallStarts: true);
        await using (var server = await StartAsync(Path.Combine(work.Path, "stalled"), stalled))
        {
            using var clients = new Clients(server);
            var puts = new Samples("PUT .../computes/{name} (reconciler held still)");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var began = Stopwatch.GetTimestamp();
            await CreateAsync(clients.Admin, DiagnosticCreates, i => $"d{i:00000}", puts, progress: false, cancellationToken);
            var perSecond = DiagnosticCreates / Stopwatch.GetElapsedTime(began).TotalSeconds;
            var cpuPerPut = CpuMillisecondsSince(cpu) / DiagnosticCreates;
            rows.Add(puts);
            var workers = server.Services.GetRequiredService<IOptions<WorkbenchOptions>>().Value.ReconcileWorkers;
            notes.Add($"Creates with the reconciler held still (its {workers} workers hang in a start that never returns, so it writes nothing): "
                + $"{DiagnosticCreates} PUTs from {Concurrency} clients at {perSecond:0} creates/s, {ResultTable.Ms(cpuPerPut)} ms of CPU each "
                + $"(at most {Environment.ProcessorCount * 1000 / cpuPerPut:0}/s on {Environment.ProcessorCount} cores). {BusyWaits(puts)}");
        }

        Console.WriteLine($"control: diagnostics: the store alone, {DiagnosticInserts} inserts, one SaveChanges each ...");
        var full = await TimeSaveChangesAloneAsync(work.Path, "alone-full", writers: 1, SqliteSynchronous.Full, cancellationToken);
        var normal = await TimeSaveChangesAloneAsync(work.Path, "alone-normal", writers: 1, SqliteSynchronous.Normal, cancellationToken);
        var concurrent = await TimeSaveChangesAloneAsync(work.Path, "alone-8", writers: Concurrency, SqliteSynchronous.Normal, cancellationToken);
        rows.AddRange([full.Samples, normal.Samples, concurrent.Samples]);
        notes.Add($"Store alone (the server's context and connection settings on a fresh SQLite file in WAL mode, no HTTP, a new context per insert): "
            + $"1 writer with synchronous=FULL {full.PerSecond:0} inserts/s; 1 writer with synchronous=NORMAL (the server's default) {normal.PerSecond:0}/s; "
            + $"{Concurrency} writers {concurrent.PerSecond:0}/s, {concurrent.Samples.CountAtLeast(BusyWaitMs)} saves ≥ {BusyWaitMs:0} ms. "
            + "A create through the API is one such insert; its reconcile adds two updates (Launched, then Running).");
        notes.Add($"Latency rows: one client, the four GETs in shuffled order round after round (at least {MinLatencyRounds} rounds and one resync period plus 5 s), after {WarmUpRounds} warm-up rounds; "
            + $"walk rows: {Walks} walks each, the time for all pages (their p99 is the slowest walk); percentiles are nearest-rank.");

        var table = new ResultTable("Operation", "n", "p50 ms", "p99 ms", "min ms");
        foreach (var samples in rows)
        {
            table.Add(samples.Name, samples.Count.ToString(CultureInfo.InvariantCulture),
                ResultTable.Ms(samples.Median), ResultTable.Ms(samples.P99), ResultTable.Ms(samples.Min));
        }
        return new BenchReport($"control: control-plane latency with {instances} instances (SQLite, fake driver)", table, notes);
    }

    /// <summary>Says how many requests look like they waited on SQLite's busy retry: slow ones that bunch just above 150, 300, 450 ms ...</summary>
    private static string BusyWaits(Samples samples)
    {
        var slow = samples.CountAtLeast(BusyWaitMs);
        var banded = samples.CountNearMultiplesOf(BusyWaitMs, BusyBandMs);
        return $"{slow} of {samples.Count} PUTs took ≥ {BusyWaitMs:0} ms, {banded} of them within {BusyBandMs:0} ms above a multiple of {BusyWaitMs:0} ms "
            + $"(an even spread would put {BusyBandMs / BusyWaitMs * 100:0}% there); these slow PUTs are {samples.ShareOfTimeAtLeast(BusyWaitMs) * 100:0}% of all the time the clients waited on PUTs.";
    }

    private static double CpuMillisecondsSince(TimeSpan processorTime) =>
        (Process.GetCurrentProcess().TotalProcessorTime - processorTime).TotalMilliseconds;

    private static async Task<InProcessServer> StartAsync(string dataDir, FakeDriver driver)
    {
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var server = new InProcessServer(dataDir, token, driver, FreePort.Next());
        try
        {
            server.StartServer();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The bench's HTTP clients over one connection pool: the admin's, and one without a token.</summary>
    private sealed class Clients : IDisposable
    {
        private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = Concurrency * 2 };

        public Clients(InProcessServer server)
        {
            Admin = new HttpClient(_handler, disposeHandler: false) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
            Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
            Anonymous = new HttpClient(_handler, disposeHandler: false) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
        }

        public HttpClient Admin { get; }

        /// <summary>For /healthz: the server authenticates every request that carries a token, an anonymous endpoint's too.</summary>
        public HttpClient Anonymous { get; }

        public void Dispose()
        {
            Admin.Dispose();
            Anonymous.Dispose();
            _handler.Dispose();
        }
    }

    private static async Task WarmUpAsync(Clients clients, InProcessServer server, CancellationToken cancellationToken)
    {
        var ignored = new Samples("warm-up");
        for (var round = 0; round < WarmUpRounds; round++)
        {
            await TimedGetAsync(clients.Anonymous, "/healthz", ignored, cancellationToken);
            foreach (var url in new[] { "/api/v1/sizes", Computes, $"{Computes}?top=1000" })
            {
                await TimedGetAsync(clients.Admin, url, ignored, cancellationToken);
            }
        }
        // Warm the create and reconcile paths too, then remove what that made so the store holds only the fill.
        await CreateAsync(clients.Admin, WarmUpRounds, i => $"warm{i:000}", ignored, progress: false, cancellationToken);
        await WaitUntilAllRunningAsync(server, Stopwatch.GetTimestamp(), cancellationToken);
        for (var i = 0; i < WarmUpRounds; i++)
        {
            using var delete = await clients.Admin.DeleteAsync($"{Computes}/warm{i:000}", cancellationToken);
            delete.EnsureSuccessStatusCode();
        }
        var began = Stopwatch.GetTimestamp();
        while (await server.WithStoreAsync(db => db.Instances.CountAsync(cancellationToken)) > 0)
        {
            if (Stopwatch.GetElapsedTime(began) > CatchUpTimeout)
            {
                throw new TimeoutException("The warm-up instances were not deleted.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task CreateAsync(
        HttpClient http, int count, Func<int, string> nameOf, Samples samples, bool progress, CancellationToken cancellationToken)
    {
        var next = -1;
        async Task ClientAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var body = new StringContent("""{"size":"Standard_DS1_v2"}""", Encoding.UTF8, "application/json");
                var began = Stopwatch.GetTimestamp();
                using var response = await http.PutAsync($"{Computes}/{nameOf(i)}", body, cancellationToken);
                var ended = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"PUT {nameOf(i)} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
                samples.Add(began, ended);
                if (progress && (i + 1) % 2000 == 0)
                {
                    Console.WriteLine($"control: {i + 1} created");
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => ClientAsync()));
    }

    /// <summary>Waits until the store holds no instance that is not Running; returns how many are left and the seconds since <paramref name="since"/>.</summary>
    private static async Task<(int NotRunning, double Seconds)> WaitUntilAllRunningAsync(InProcessServer server, long since, CancellationToken cancellationToken)
    {
        while (true)
        {
            var notRunning = await server.WithStoreAsync(db => db.Instances.CountAsync(i => i.State != InstanceState.Running, cancellationToken));
            var seconds = Stopwatch.GetElapsedTime(since).TotalSeconds;
            if (notRunning == 0 || seconds > CatchUpTimeout.TotalSeconds)
            {
                return (notRunning, seconds);
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task CheckFirstPageAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var page = await http.GetFromJsonAsync<Page<ComputeInstanceResource>>(Computes, WorkbenchJson.Options, cancellationToken);
        if (page is not { Value.Count: 100, NextLink: not null } || page.Value.Any(i => i.State != "Running"))
        {
            throw new InvalidOperationException("The first page is not 100 Running instances with a next link.");
        }
    }

    private static async Task TimedGetAsync(HttpClient http, string url, Samples samples, CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        // GetAsync reads the whole body before it returns, so the time includes the transfer.
        using var response = await http.GetAsync(url, cancellationToken);
        var ended = Stopwatch.GetTimestamp();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        samples.Add(began, ended);
    }

    /// <summary>Follows nextLink from the first page to the last, as a client lists everything; the time includes reading the JSON.</summary>
    private static async Task WalkAsync(HttpClient http, int top, int expected, Samples samples, CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        string? url = $"{Computes}?top={top}";
        var seen = 0;
        while (url is not null)
        {
            var page = await http.GetFromJsonAsync<Page<ComputeInstanceResource>>(url, WorkbenchJson.Options, cancellationToken)
                ?? throw new InvalidOperationException($"GET {url} answered null.");
            seen += page.Value.Count;
            url = page.NextLink;
        }
        samples.Add(began, Stopwatch.GetTimestamp());
        if (seen != expected)
        {
            throw new InvalidOperationException($"A walk at top={top} saw {seen} instances, not {expected}.");
        }
    }

    /// <summary>
    /// What one insert costs the store itself: the server's context and connection settings (WAL, a 30 s
    /// busy timeout) on a fresh SQLite file, a new context per insert as a request has, one or several
    /// writers at once. synchronous=FULL, which the server runs with when told to, shows what the fsync of each commit costs.
    /// </summary>
    private static async Task<(Samples Samples, double PerSecond)> TimeSaveChangesAloneAsync(
        string dir, string name, int writers, SqliteSynchronous synchronous, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<SqliteWorkbenchDbContext>()
            .UseSqlite($"Data Source={Path.Combine(dir, name + ".db")};Default Timeout=30")
            .AddInterceptors(new SqliteConnectionPragmas(synchronous))
            .Options;
        await using (var db = new SqliteWorkbenchDbContext(options))
        {
            await db.MigrateAsync(cancellationToken);
            db.Workspaces.Add(new Workspace(Workspace.DefaultName, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(cancellationToken);
        }
        var label = $"SaveChanges alone, {writers} writer{(writers == 1 ? "" : "s")}, synchronous={synchronous.ToString().ToUpperInvariant()}";
        var samples = new Samples(label);
        var next = -1;
        async Task WriterAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < DiagnosticInserts)
            {
                await using var db = new SqliteWorkbenchDbContext(options);
                db.Instances.Add(new ComputeInstance(Workspace.DefaultName, $"s{i:00000}",
                    new InstanceSpec("Standard_DS1_v2", "jupyter", "admin"), "admin", DateTimeOffset.UtcNow));
                var began = Stopwatch.GetTimestamp();
                await db.SaveChangesAsync(cancellationToken);
                samples.Add(began, Stopwatch.GetTimestamp());
            }
        }
        var all = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => WriterAsync()));
        return (samples, DiagnosticInserts / Stopwatch.GetElapsedTime(all).TotalSeconds);
    }
}
