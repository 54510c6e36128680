using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.Studio.Tests;

/// <summary>A Reader in chromium: no controls that their role would refuse, and a readable error when they force a call anyway.</summary>
[Collection(StudioCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReaderTests(StudioServer studio)
{
    private const string Reader = "rita";
    private const string ReaderPassword = "ritas long password";

    [Fact]
    public async Task Reader_SeesNoCreateControls_ForcedCreateShowsReadableError()
    {
        Chromium.SkipWhenMissing();
        using var admin = studio.Server.CreateClient();
        await admin.CreateUserAsync(Reader, ReaderPassword, role: "Reader");
        var page = await studio.SignedInPageAsync(user: Reader, password: ReaderPassword);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Computes", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#workspace option[value='default']")).ToHaveTextAsync("default (Reader)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New compute" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create your first compute" })).ToHaveCountAsync(0);
        await StudioServer.ScreenshotAsync(page, "reader-computes");

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit job" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Files", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Files", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Upload files")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Members" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = Reader, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Assign role" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Quotas" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.quotas")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Set limit" })).ToHaveCountAsync(0);

        // The create call forced through the Studio's own API module: the page shows the API's problem in words.
        await page.GetByRole(AriaRole.Link, new() { Name = "Computes", Exact = true }).ClickAsync();
        await page.EvaluateAsync("""
            async () => {
              const { api } = await import('/studio/api.js');
              const { showError } = await import('/studio/notice.js');
              await api.put('workspaces/default/computes/forced-one', { size: 'Standard_DS1_v2' }).catch(showError);
            }
            """);
        var notice = page.Locator("#notice");
        await Assertions.Expect(notice).ToContainTextAsync("Forbidden: ");
        await Assertions.Expect(notice).ToContainTextAsync("workspaces/computes/write");
        Assert.DoesNotContain("   at ", await notice.TextContentAsync(), StringComparison.Ordinal);
        await StudioServer.ScreenshotAsync(page, "reader-forced-error");
        Assert.Null(await admin.GetComputeAsync("forced-one"));
    }
}
