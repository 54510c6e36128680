using Microsoft.Playwright;

namespace Workbench.Studio.Tests;

/// <summary>The Files page in chromium: what it uploads lands in the share on disk and downloads back the same.</summary>
[Collection(StudioCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FilePageTests(StudioServer studio)
{
    [Fact]
    public async Task FilePage_Upload_AppearsInListAndShare_DownloadsIdentical_RenamesAndDeletes()
    {
        Chromium.SkipWhenMissing();
        var bytes = new byte[300_000];
        Random.Shared.NextBytes(bytes);
        var local = Path.Combine(Path.GetTempPath(), $"studio-upload-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(local, bytes);
        try
        {
            var page = await studio.SignedInPageAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Files", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The share is empty" })).ToBeVisibleAsync();
            await StudioServer.ScreenshotAsync(page, "files-empty");

            var name = Path.GetFileName(local);
            await page.Locator("#upload-input").SetInputFilesAsync(local);
            var link = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
            await Assertions.Expect(link).ToBeVisibleAsync();
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(studio.SharePath, name)));

            var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
            var saved = Path.Combine(Path.GetTempPath(), $"studio-download-{Guid.NewGuid():N}");
            await download.SaveAsAsync(saved);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(saved));
            File.Delete(saved);

            await page.GetByRole(AriaRole.Button, new() { Name = "New folder" }).ClickAsync();
            await page.GetByLabel("Folder name").FillAsync("reports");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "reports/" })).ToBeVisibleAsync();
            Assert.True(Directory.Exists(Path.Combine(studio.SharePath, "reports")));
            await StudioServer.ScreenshotAsync(page, "files");

            await page.GetByRole(AriaRole.Button, new() { Name = $"Rename {name}" }).ClickAsync();
            await page.GetByLabel("New name").FillAsync("reports");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
            await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Target exists: 'reports' exists already");

            await page.GetByRole(AriaRole.Button, new() { Name = $"Rename {name}" }).ClickAsync();
            await page.GetByLabel("New name").FillAsync("data.bin");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "data.bin" })).ToBeVisibleAsync();
            Assert.True(File.Exists(Path.Combine(studio.SharePath, "data.bin")));

            await page.GetByRole(AriaRole.Button, new() { Name = "Delete data.bin" }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "data.bin" })).ToHaveCountAsync(0);
            Assert.False(File.Exists(Path.Combine(studio.SharePath, "data.bin")));
        }
        finally
        {
            File.Delete(local);
        }
    }

    [Fact]
    public async Task FilePage_Upload_AJobReadsItFromCloudfiles_DownloadsBackIdentical()
    {
        Chromium.SkipWhenMissing();
        var compute = await studio.JobComputeAsync();
        var content = $"hello from the share {Guid.NewGuid():N}\nsecond line\n";
        var name = $"for-job-{Guid.NewGuid():N}.txt";
        var local = Path.Combine(Path.GetTempPath(), name);
        await File.WriteAllTextAsync(local, content);
        try
        {
            var page = await studio.SignedInPageAsync();
            await page.GotoAsync($"/w/{StudioServer.JobWorkspace}/files");
            await page.Locator("#upload-input").SetInputFilesAsync(local);
            var link = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
            await Assertions.Expect(link).ToBeVisibleAsync();
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(studio.JobSharePath, name)));

            await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
            await page.GetByLabel("Job spec (YAML)").FillAsync($"name: ui-cat\ncompute: {compute}\ncommand: cat ~/cloudfiles/{name}\n");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
            await Assertions.Expect(page.GetByLabel("Standard output")).ToHaveTextAsync(content);

            await page.GotoAsync($"/w/{StudioServer.JobWorkspace}/files");
            var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
            var saved = Path.Combine(Path.GetTempPath(), $"studio-download-{Guid.NewGuid():N}");
            await download.SaveAsAsync(saved);
            Assert.Equal(content, await File.ReadAllTextAsync(saved));
            File.Delete(saved);
        }
        finally
        {
            File.Delete(local);
        }
    }
}
