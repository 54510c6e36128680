using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Workbench.Studio.Tests;

/// <summary>The Admin pages in chromium, as a platform admin: users, members, roles, quotas with their bars, the audit log filtered.</summary>
[Collection(StudioCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AdminPageTests(StudioServer studio)
{
    private const string Admin = "ada";
    private const string AdminPassword = "adas long password";

    [Fact]
    public async Task Admin_CreatesUser_AssignsRole_CreatesRole_SetsQuota_FiltersAudit()
    {
        Chromium.SkipWhenMissing();
        using var api = studio.Server.CreateClient();
        (await api.PostAsJsonAsync("/api/v1/users", new { name = Admin, admin = true, password = AdminPassword })).EnsureSuccessStatusCode();
        var page = await studio.SignedInPageAsync(user: Admin, password: AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Admin of default" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync("uma");
        await page.GetByLabel("Password (optional)").FillAsync("umas long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("uma is created");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Locator("code")).ToHaveTextAsync(new Regex("^wb_"));
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "uma", Exact = true })).ToBeVisibleAsync();
        await StudioServer.ScreenshotAsync(page, "admin-users");

        await page.GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();
        await page.GetByLabel("User", new() { Exact = true }).FillAsync("uma");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("Contributor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign role" }).ClickAsync();
        var uma = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "uma", Exact = true }) });
        await Assertions.Expect(uma).ToContainTextAsync("Contributor");
        await page.GetByLabel("User", new() { Exact = true }).FillAsync("nobody-here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign role" }).ClickAsync();
        await Assertions.Expect(page.Locator(".form-error")).ToContainTextAsync("nobody-here");
        await StudioServer.ScreenshotAsync(page, "admin-members");

        await page.GetByRole(AriaRole.Link, new() { Name = "Roles" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Job Watcher");
        await page.GetByLabel("Actions", new() { Exact = true }).FillAsync("workspaces/read\nworkspaces/jobs/read");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create role" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Job Watcher" }) })).ToContainTextAsync("Custom");
        await StudioServer.ScreenshotAsync(page, "admin-roles");

        await page.GetByRole(AriaRole.Link, new() { Name = "Quotas" }).ClickAsync();
        await page.GetByLabel("Family").SelectOptionAsync("standardDSv2Family");
        await page.GetByLabel("vCPU limit").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set limit" }).ClickAsync();
        var bar = page.GetByRole(AriaRole.Meter, new() { NameRegex = new Regex(@"^standardDSv2Family: \d+ of 40 vCPUs$") });
        await Assertions.Expect(bar).ToBeVisibleAsync();
        Assert.Equal("40", await bar.GetAttributeAsync("max"));
        await StudioServer.ScreenshotAsync(page, "admin-quotas");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await page.GetByLabel("Action").FillAsync("workspaces/members/write");
        await page.GetByLabel("User", new() { Exact = true }).FillAsync(Admin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("action=workspaces%2Fmembers%2Fwrite"));
        var rows = page.Locator("table.audit tbody tr");
        await Assertions.Expect(page.Locator("table.audit")).ToContainTextAsync("workspaces/default/members/uma");
        foreach (var action in await rows.Locator("td:nth-of-type(2)").AllTextContentsAsync())
        {
            Assert.Equal("workspaces/members/write", action);
        }
        await Assertions.Expect(page.Locator("table.audit")).Not.ToContainTextAsync("quotas/write");
        await StudioServer.ScreenshotAsync(page, "admin-audit");
    }
}
