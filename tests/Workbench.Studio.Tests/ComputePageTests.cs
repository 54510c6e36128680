using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.Studio.Tests;

/// <summary>The Computes page in chromium, against the real server and the local driver with real Jupyter.</summary>
[Collection(StudioCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ComputePageTests(StudioServer studio)
{
    [Fact]
    public async Task ComputePage_CreateFromForm_RunsWithoutReload_OpensJupyter_StopsAndDeletes()
    {
        Chromium.SkipWhenMissing();
        var page = await studio.SignedInPageAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No computes yet" })).ToBeVisibleAsync();
        await StudioServer.ScreenshotAsync(page, "computes-empty");

        await page.GetByRole(AriaRole.Button, new() { Name = "New compute" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("nb-one");
        await page.GetByLabel("Size").SelectOptionAsync("Standard_DS1_v2");
        await Assertions.Expect(page.Locator("#compute-size-hint")).ToContainTextAsync("1 vCPU");
        await StudioServer.ScreenshotAsync(page, "computes-create-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        // The page is never reloaded: the row's state changes in place as the list is read again.
        var row = page.Locator("tr[data-name='nb-one']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await page.EvaluateAsync("window.notReloaded = true");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Running", new() { Timeout = 120_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"));
        await StudioServer.ScreenshotAsync(page, "computes-running");

        var jupyter = await page.RunAndWaitForPopupAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Open Jupyter" }).ClickAsync());
        await jupyter.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        Assert.Contains("/i/default/nb-one/jupyter/tree", jupyter.Url, StringComparison.Ordinal);
        Assert.Contains("Home", await jupyter.TitleAsync(), StringComparison.Ordinal);
        await Assertions.Expect(jupyter.Locator("#notebook_list")).ToBeAttachedAsync();
        await StudioServer.ScreenshotAsync(jupyter, "jupyter-through-proxy");
        await jupyter.CloseAsync();

        await row.GetByRole(AriaRole.Link, new() { Name = "nb-one" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Endpoints" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".facts").Last).ToContainTextAsync("jupyter");
        await StudioServer.ScreenshotAsync(page, "compute-details");
        await page.GetByRole(AriaRole.Link, new() { Name = "Computes", Exact = true }).First.ClickAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Stop nb-one" }).ClickAsync();
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Stopped", new() { Timeout = 60_000 });
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete nb-one" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete nb-one?");
        await StudioServer.ScreenshotAsync(page, "computes-delete-confirmation");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        using var admin = studio.Server.CreateClient();
        await admin.WaitForGoneAsync("nb-one");
    }

    [Fact]
    public async Task ComputeForm_BadName_ShowsInlineError_ApiErrorsReadable()
    {
        Chromium.SkipWhenMissing();
        var page = await studio.SignedInPageAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New compute" }).ClickAsync();
        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("9lives");
        await Assertions.Expect(page.Locator("#compute-name-error")).ToHaveTextAsync(
            "A compute name starts with a letter and holds only letters, digits and hyphens; '9lives' does not.");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await name.FillAsync("two--hyphens");
        await Assertions.Expect(page.Locator("#compute-name-error")).ToContainTextAsync("two in a row");
        await StudioServer.ScreenshotAsync(page, "computes-bad-name");

        // A size the form does not offer, forced into the request: the API's per-field answer shows under the field.
        await name.FillAsync("forced-size");
        await page.Locator("#compute-size option").First.EvaluateAsync("o => o.value = 'No_Such_Size'");
        await page.GetByLabel("Size").SelectOptionAsync("No_Such_Size");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#compute-size-error")).ToContainTextAsync("Unknown size 'No_Such_Size'");
        await Assertions.Expect(page.Locator(".form-error")).ToContainTextAsync("The request is not valid");

        // The name exists with another spec: 409, its title and detail in words, no stack trace.
        using var admin = studio.Server.CreateClient();
        (await admin.PutComputeAsync("taken-one", new { size = "Standard_DS1_v2" })).EnsureSuccessStatusCode();
        try
        {
            await page.ReloadAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New compute" }).ClickAsync();
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("taken-one");
            await page.GetByLabel("Size").SelectOptionAsync("Standard_DS2_v2");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
            var error = page.Locator(".form-error");
            await Assertions.Expect(error).ToContainTextAsync("Compute exists with another spec: 'taken-one' exists with size Standard_DS1_v2");
            Assert.DoesNotContain("   at ", await error.TextContentAsync(), StringComparison.Ordinal);
            await StudioServer.ScreenshotAsync(page, "computes-api-error");
        }
        finally
        {
            await admin.DeleteAsync($"{ApiCalls.Computes}/taken-one");
            await admin.WaitForGoneAsync("taken-one");
        }
    }

    [Fact]
    public async Task ComputeForm_StartNowUnticked_CreatesItStopped_DetailsShowItsEventsAndLog()
    {
        Chromium.SkipWhenMissing();
        var page = await studio.SignedInPageAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New compute" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("later-box");
        await page.GetByLabel("Size").SelectOptionAsync("Standard_DS1_v2");
        await page.GetByLabel("Start now").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var row = page.Locator("tr[data-name='later-box']");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Stopped", new() { Timeout = 30_000 });
        using var admin = studio.Server.CreateClient();
        try
        {
            Assert.Equal("Stopped", (await admin.GetComputeAsync("later-box"))?.DesiredState);
            await row.GetByRole(AriaRole.Link, new() { Name = "later-box" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("Instance log")).ToContainTextAsync("Nothing yet");
            var created = page.GetByRole(AriaRole.Table, new() { Name = "Events" }).Locator("tbody tr");
            await Assertions.Expect(created).ToHaveCountAsync(1);
            await Assertions.Expect(created).ToContainTextAsync("workspaces/computes/write");
            await Assertions.Expect(created).ToContainTextAsync("done (201)");
        }
        finally
        {
            await admin.DeleteAsync($"{ApiCalls.Computes}/later-box");
            await admin.WaitForGoneAsync("later-box");
        }
    }

    [Fact]
    public async Task ComputeList_MoreThanAPage_ShowsTheFirst100_ShowMoreBringsTheRest()
    {
        Chromium.SkipWhenMissing();
        using var admin = studio.Server.CreateClient();
        const string workspace = "/api/v1/workspaces/many";
        (await admin.PutAsJsonAsync(workspace, new { })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"{workspace}/members/{StudioServer.UserName}", new { role = "Reader" })).EnsureSuccessStatusCode();
        for (var i = 0; i < 105; i++)
        {
            (await admin.PutAsJsonAsync($"{workspace}/computes/box-{i:D3}", new { size = "Standard_DS1_v2", start = false })).EnsureSuccessStatusCode();
        }
        var page = await studio.SignedInPageAsync();
        await page.GotoAsync("/w/many/computes");
        var rows = page.Locator("table.computes tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(100);
        await Assertions.Expect(rows.Last).ToHaveAttributeAsync("data-name", "box-099");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show 100 more" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(105);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show 100 more" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Studio_NarrowWindowAndOtherSections_ShowPagesWithEmptyStates()
    {
        Chromium.SkipWhenMissing();
        var page = await studio.SignedInPageAsync(width: 390, height: 844);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Computes", Exact = true })).ToBeVisibleAsync();
        await StudioServer.ScreenshotAsync(page, "computes-narrow");
        foreach (var (link, heading, shot) in new[] { ("Jobs", "Jobs", "jobs-narrow"), ("Admin", "Admin of default", "admin-narrow") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            await StudioServer.ScreenshotAsync(page, shot);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login$"), new() { Timeout = 60_000 });
        await page.GotoAsync("/w/default/files");
        Assert.Contains("/login?returnUrl=%2Fw%2Fdefault%2Ffiles", page.Url, StringComparison.Ordinal);
    }
}
