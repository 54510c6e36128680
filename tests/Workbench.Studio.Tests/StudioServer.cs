using System.Net.Http.Json;
using Microsoft.Playwright;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Studio.Tests;

/// <summary>
/// One real server (its own process, the local driver, real Jupyter) and one chromium for all the
/// browser tests, with a user who signs in with a password as a person would.
/// </summary>
public sealed class StudioServer : IAsyncLifetime
{
    public const string UserName = "stella";
    public const string Password = "stellas long password";
    private const string AdminToken = "wb_studio-test-admin";
    private readonly TempFolder _data = new("wb-studio");
    private IPlaywright? _playwright;

    public StudioServer()
    {
        Server = new ServerProcess(_data.Path, AdminToken);
    }

    public ServerProcess Server { get; }

    public IBrowser? Browser { get; private set; }

    /// <summary>The default workspace's file share on disk.</summary>
    public string SharePath => Path.Combine(_data.Path, "shares", "default");

    /// <summary>The job workspace's file share on disk.</summary>
    public string JobSharePath => Path.Combine(_data.Path, "shares", JobWorkspace);

    /// <summary>Where the screenshots go, beside the test assembly; README.md names it.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "studio-screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!DebianChromium.IsInstalled)
        {
            return;
        }
        await Server.StartAsync();
        using var admin = Server.CreateClient();
        await admin.CreateUserAsync(UserName, Password);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A new browser context (its own cookies) at 1280×800, signed in through the login form (as stella unless told).</summary>
    public async Task<IPage> SignedInPageAsync(int width = 1280, int height = 800, string user = UserName, string password = Password)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.Url,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/login?returnUrl=", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByText($"Signed in as {user}")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The workspace of the job tests, so their computes, jobs and files leave the default one as the other tests expect it.</summary>
    public const string JobWorkspace = "lab";

    /// <summary>Makes the workspace, with the user a member in that role; a test calls it for its own workspace, as any test may run first.</summary>
    public async Task WorkspaceAsync(string workspace, string user, string role)
    {
        using var admin = Server.CreateClient();
        (await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}", new { })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/members/{user}", new { role })).EnsureSuccessStatusCode();
    }

    /// <summary>A running compute of stella's in <see cref="JobWorkspace"/>, made once and shared by the job tests.</summary>
    public async Task<string> JobComputeAsync()
    {
        const string name = "jobs-box";
        await WorkspaceAsync(JobWorkspace, UserName, "Data Scientist");
        using var admin = Server.CreateClient();
        const string workspace = $"/api/v1/workspaces/{JobWorkspace}";
        var response = await admin.PutAsJsonAsync($"{workspace}/computes/{name}", new { size = "Standard_DS1_v2", assignTo = UserName });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var instance = await Eventually.UntilAsync(
            () => admin.GetFromJsonAsync<ComputeInstanceResource>($"{workspace}/computes/{name}", WorkbenchJson.Options),
            i => i?.State is "Running" or "Failed", TimeSpan.FromSeconds(120), $"'{name}' running");
        Assert.True(instance?.State == "Running", $"{name} did not run: {instance?.Error}");
        return name;
    }

    /// <summary>A job of <see cref="JobWorkspace"/> as the API has it, or null.</summary>
    public async Task<JobResource?> JobAsync(string name)
    {
        using var admin = Server.CreateClient();
        var response = await admin.GetAsync($"/api/v1/workspaces/{JobWorkspace}/jobs/{name}");
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JobResource>(WorkbenchJson.Options);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>The browser tests share one server and one browser, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StudioCollection : ICollectionFixture<StudioServer>
{
    public const string Name = "Studio";
}
