using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.Bench.Control;
using Workbench.Bench.Measurement;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Studio;

/// <summary>
/// The Studio's compute list on a first load in Debian's chromium: bytes transferred and time until the
/// table is built (the page's own performance mark), for a workspace with 1,000 instances against an
/// empty one, loads of the two interleaved in one run. Two in-process servers with the fake driver, so
/// the figures are the page's and the API's, not Jupyter's.
/// </summary>
public static class StudioBench
{
    public const double InteractiveGoalMs = 1500;
    public const double RatioGoal = 2;
    private const int Instances = 1000;
    private const string UserName = "bench-user";
    private const string Password = "bench users password";
    private const string ReadyMark = "studio:computes-ready";

    public static async Task<BenchReport> RunAsync(int runs, CancellationToken cancellationToken)
    {
        if (!DebianChromium.IsInstalled)
        {
            throw new InvalidOperationException($"The studio benchmark needs Debian's chromium at {DebianChromium.ExecutablePath} (apt-get install chromium).");
        }
        using var work = new TempFolder("wb-bench-studio");
        await using var app = await AlwaysOkEndpoint.StartAsync();
        await using var empty = await StartAsync(Path.Combine(work.Path, "empty"), app.Endpoint);
        await using var full = await StartAsync(Path.Combine(work.Path, "full"), app.Endpoint);
        Console.WriteLine($"studio: filling {full.Url} with {Instances} instances ...");
        await FillAsync(full, cancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = DebianChromium.ExecutablePath,
            Headless = true,
            Args = DebianChromium.Flags,
        });
        // One unmeasured load of each first: chromium and the servers warm up.
        await LoadAsync(browser, empty);
        await LoadAsync(browser, full);
        var emptyLoads = new List<PageLoad>();
        var fullLoads = new List<PageLoad>();
        for (var run = 0; run < runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            emptyLoads.Add(await LoadAsync(browser, empty));
            fullLoads.Add(await LoadAsync(browser, full));
            Console.WriteLine($"studio: run {run + 1}/{runs}: empty {emptyLoads[^1].InteractiveMs:0} ms, {Instances} instances {fullLoads[^1].InteractiveMs:0} ms");
        }

        var emptyTime = new Samples("empty");
        var fullTime = new Samples("full");
        emptyLoads.ForEach(l => emptyTime.Add(l.InteractiveMs));
        fullLoads.ForEach(l => fullTime.Add(l.InteractiveMs));
        var table = new ResultTable("Compute list, first load", "n", "interactive p50 ms", "max ms", "DOMContentLoaded p50 ms", "bytes transferred", "of it the list JSON");
        AddRow(table, "empty workspace", emptyTime, emptyLoads);
        AddRow(table, $"{Instances} instances", fullTime, fullLoads);
        var ratio = fullTime.Median / emptyTime.Median;
        var weightRatio = (double)fullLoads[0].TotalBytes / emptyLoads[0].TotalBytes;
        var notes = new List<string>
        {
            $"Time to interactive with {Instances} instances: p50 {ResultTable.Ms(fullTime.Median)} ms (goal ≤ {InteractiveGoalMs:0} ms: {(fullTime.Median <= InteractiveGoalMs ? "met" : "NOT met")}), "
                + $"max {ResultTable.Ms(fullTime.Percentile(100))} ms; "
                + $"{ResultTable.Ratio(ratio)}× the empty list's p50 (goal ≤ {RatioGoal:0}×: {(ratio <= RatioGoal ? "met" : "NOT met")}).",
            $"Page weight with {Instances} instances: {fullLoads[0].TotalBytes:N0} bytes, {weightRatio:0.00}× the empty page's (goal ≤ {RatioGoal:0}×: {(weightRatio <= RatioGoal ? "met" : "NOT met")}); "
                + $"the list's JSON is {fullLoads[0].ListBytes:N0} of them on the wire, compressed as chromium asks; the page itself (HTML, scripts, styles) is the same for both.",
            $"Each load is a new browser context (empty cache, signed in through the form), navigating to /w/default/computes; interactive is the page's '{ReadyMark}' "
                + "performance mark, set once the first page of the list (100 rows; Show more fetches the next) is fetched and every row of it is in the document with its buttons and links; bytes are the navigation's and every resource's transferSize up to then.",
        };
        return new BenchReport($"studio: the compute list with {Instances} instances against an empty one (chromium {browser.Version})", table, notes);
    }

    private static void AddRow(ResultTable table, string name, Samples time, List<PageLoad> loads)
    {
        var dom = new Samples("dom");
        loads.ForEach(l => dom.Add(l.DomContentLoadedMs));
        table.Add(name, time.Count.ToString(CultureInfo.InvariantCulture), ResultTable.Ms(time.Median), ResultTable.Ms(time.Percentile(100)), ResultTable.Ms(dom.Median),
            loads[0].TotalBytes.ToString("N0", CultureInfo.InvariantCulture), loads[0].ListBytes.ToString("N0", CultureInfo.InvariantCulture));
    }

    private static async Task<InProcessServer> StartAsync(string dataDir, string appEndpoint)
    {
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var server = new InProcessServer(dataDir, token, new FakeDriver(appEndpoint), FreePort.Next());
        server.StartServer();
        using var admin = AdminClient(server);
        await admin.CreateUserAsync(UserName, Password);
        return server;
    }

    private static HttpClient AdminClient(InProcessServer server)
    {
        var client = new HttpClient { BaseAddress = server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        return client;
    }

    /// <summary>PUTs the instances for the bench user (so each row has its Open link), then waits until every one runs.</summary>
    private static async Task FillAsync(InProcessServer server, CancellationToken cancellationToken)
    {
        using var admin = AdminClient(server);
        await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => (await admin.PutComputeAsync($"nb-{i:0000}", new { size = "Standard_DS1_v2", assignTo = UserName })).EnsureSuccessStatusCode());
        await Eventually.UntilAsync(
            async () => (await admin.GetFromJsonAsync<Page<ComputeInstanceResource>>($"{ApiCalls.Computes}?top=1000", WorkbenchJson.Options, cancellationToken))!.Value.Count(i => i.State == "Running"),
            running => running == Instances, TimeSpan.FromMinutes(3), $"all {Instances} instances running");
    }

    private static async Task<PageLoad> LoadAsync(IBrowser browser, InProcessServer server)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Url.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Generous: the machines this runs on are often busy with builds beside it.
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        // Signs in with a return address outside the Studio, so its files are not yet in this context's cache.
        await page.GotoAsync("/login?returnUrl=%2Fhealthz");
        await page.GetByLabel("User name").FillAsync(UserName);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/healthz", new() { WaitUntil = WaitUntilState.Commit });

        await page.GotoAsync("/w/default/computes");
        await page.WaitForFunctionAsync($"() => performance.getEntriesByName('{ReadyMark}').length > 0", null, new() { Timeout = 60_000 });
        var timings = await page.EvaluateAsync<JsonElement>($$"""
            () => {
              const ready = performance.getEntriesByName('{{ReadyMark}}')[0].startTime;
              const navigation = performance.getEntriesByType('navigation')[0];
              const resources = performance.getEntriesByType('resource').filter(r => r.startTime <= ready);
              const list = resources.filter(r => r.name.includes('/computes?'));
              return {
                ready,
                domContentLoaded: navigation.domContentLoadedEventEnd,
                total: navigation.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
                list: list.reduce((sum, r) => sum + r.transferSize, 0),
              };
            }
            """);
        return new PageLoad(timings.GetProperty("ready").GetDouble(), timings.GetProperty("domContentLoaded").GetDouble(),
            (long)timings.GetProperty("total").GetDouble(), (long)timings.GetProperty("list").GetDouble());
    }

    private sealed record PageLoad(double InteractiveMs, double DomContentLoadedMs, long TotalBytes, long ListBytes);
}
