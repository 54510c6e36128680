using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.Studio.Tests;

/// <summary>
/// The Clusters pages in chromium against the real local driver: a cluster made from the form takes a
/// job from the Jobs page, a node appears for it and leaves when idle, and the cluster is deleted.
/// </summary>
[Collection(StudioCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ClusterPageTests(StudioServer studio)
{
    /// <summary>stella is a Contributor here (a Data Scientist may not create clusters); no other test uses it.</summary>
    private const string Workspace = "grid";
    private const string Cluster = "ui-cluster";

    [Fact]
    public async Task ClusterPage_CreateFromForm_JobTakesANode_NodeLeavesWhenIdle_Delete()
    {
        Chromium.SkipWhenMissing();
        await studio.WorkspaceAsync(Workspace, StudioServer.UserName, "Contributor");
        var page = await studio.SignedInPageAsync();
        await page.GotoAsync($"/w/{Workspace}/clusters");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No clusters yet" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New cluster" }).ClickAsync();
        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("9lives");
        await Assertions.Expect(page.Locator("#cluster-name-error")).ToContainTextAsync("starts with a letter");
        await name.FillAsync(Cluster);
        await Assertions.Expect(page.Locator("#cluster-name-error")).ToBeHiddenAsync();
        await page.GetByLabel("Size").SelectOptionAsync("Standard_DS1_v2");
        await Assertions.Expect(page.Locator("#cluster-size-hint")).ToContainTextAsync("1 vCPU");
        await Assertions.Expect(page.GetByLabel("Slurm partition")).ToBeHiddenAsync();
        await page.GetByLabel("Driver").SelectOptionAsync("slurm");
        await Assertions.Expect(page.GetByLabel("Slurm partition")).ToBeVisibleAsync();
        await page.GetByLabel("Driver").SelectOptionAsync("local");
        await page.GetByLabel("Min nodes").FillAsync("0");
        await page.GetByLabel("Max nodes").FillAsync("1");
        await page.GetByLabel("Idle seconds before scale-down").FillAsync("5");
        await StudioServer.ScreenshotAsync(page, "clusters-create-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/w/{Workspace}/clusters/{Cluster}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = Cluster })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("no nodes / max 1 (min 0)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"#job-compute option[value='{Cluster}']")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        await page.GetByLabel("Job spec (YAML)").FillAsync($"name: on-cluster\ncompute: {Cluster}\ncommand: echo on a node; sleep 10\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/w/{Workspace}/jobs/on-cluster$"));

        // The list counts the node as it comes, without a reload.
        await page.GetByRole(AriaRole.Link, new() { Name = "Clusters", Exact = true }).ClickAsync();
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = Cluster }) });
        await Assertions.Expect(row.Locator(".node-counts")).ToHaveTextAsync(new Regex(@"^1 (starting|busy) / max 1$"), new() { Timeout = 60_000 });
        await StudioServer.ScreenshotAsync(page, "clusters");

        await row.GetByRole(AriaRole.Link, new() { Name = Cluster }).ClickAsync();
        var nodes = page.Locator("table.nodes tbody tr");
        await Assertions.Expect(nodes).ToHaveCountAsync(1);
        await Assertions.Expect(nodes.Locator(".state")).ToHaveTextAsync("Busy", new() { Timeout = 60_000 });
        await Assertions.Expect(nodes.GetByRole(AriaRole.Link, new() { Name = "on-cluster" })).ToBeVisibleAsync();
        await StudioServer.ScreenshotAsync(page, "cluster-details");

        // A delete while the job runs is refused, and says why in words.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var notice = page.Locator("#notice");
        await Assertions.Expect(notice).ToContainTextAsync("Cluster has jobs: ");
        await Assertions.Expect(notice).ToContainTextAsync("on-cluster");
        Assert.DoesNotContain("   at ", await notice.TextContentAsync(), StringComparison.Ordinal);

        await nodes.GetByRole(AriaRole.Link, new() { Name = "on-cluster" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Standard output")).ToContainTextAsync("on a node", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });

        // Idle for longer than 5 s, the node leaves: the page follows it back to no nodes.
        await page.GotoAsync($"/w/{Workspace}/clusters/{Cluster}");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("no nodes / max 1", new() { Timeout = 90_000 });
        await Assertions.Expect(nodes).ToHaveCountAsync(0);

        // Change offers only what may change: size and driver stay as they are.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Size")).ToHaveCountAsync(0);
        await page.GetByLabel("Max nodes").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("no nodes / max 2 (min 0)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/w/{Workspace}/clusters$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No clusters yet" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task ClusterForm_MaxBelowMin_ShowsTheServersErrorAtItsField()
    {
        Chromium.SkipWhenMissing();
        await studio.WorkspaceAsync(Workspace, StudioServer.UserName, "Contributor");
        var page = await studio.SignedInPageAsync();
        await page.GotoAsync($"/w/{Workspace}/clusters");
        await page.GetByRole(AriaRole.Button, new() { Name = "New cluster" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ui-bad-cluster");
        await page.GetByLabel("Min nodes").FillAsync("3");
        await page.GetByLabel("Max nodes").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#cluster-min-nodes-error")).ToHaveTextAsync("minNodes (3) is more than maxNodes (1).");
        await Assertions.Expect(page.GetByLabel("Min nodes")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator(".form-error")).ToContainTextAsync("The request is not valid");
        Assert.DoesNotContain("   at ", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        await StudioServer.ScreenshotAsync(page, "clusters-form-error");

        using var admin = studio.Server.CreateClient();
        var response = await admin.GetAsync($"/api/v1/workspaces/{Workspace}/clusters/ui-bad-cluster");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Reader_SeesClusters_WithoutCreateChangeOrDelete()
    {
        Chromium.SkipWhenMissing();
        const string workspace = "grid-view";
        const string reader = "rhea";
        const string readerPassword = "rheas long password";
        using var admin = studio.Server.CreateClient();
        await admin.CreateUserAsync(reader, readerPassword, role: "Reader");
        await studio.WorkspaceAsync(workspace, reader, "Reader");
        var created = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/clusters/read-only", new { size = "Standard_DS1_v2", maxNodes = 1 });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var page = await studio.SignedInPageAsync(user: reader, password: readerPassword);
        await page.GotoAsync($"/w/{workspace}/clusters");
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "read-only" }) });
        await Assertions.Expect(row.Locator(".node-counts")).ToHaveTextAsync("no nodes / max 1");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New cluster" })).ToHaveCountAsync(0);
        await StudioServer.ScreenshotAsync(page, "reader-clusters");

        await row.GetByRole(AriaRole.Link, new() { Name = "read-only" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nodes" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Change" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
    }
}
