using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.Studio.Tests;

/// <summary>The Jobs pages in chromium: a spec submitted from YAML runs on a real compute, its log streams in, its outputs download.</summary>
[Collection(StudioCollection.Name)]
[Trait("Category", "Browser")]
public sealed class JobPageTests(StudioServer studio)
{
    [Fact]
    public async Task JobPage_SubmitFromYaml_LogLinesAppear_Completes_OutputDownloads()
    {
        Chromium.SkipWhenMissing();
        var compute = await studio.JobComputeAsync();
        var page = await studio.SignedInPageAsync();
        // The picker lists the workspaces stella is a member of, with her role; choosing one keeps the section.
        await Assertions.Expect(page.Locator($"#workspace option[value='{StudioServer.JobWorkspace}']")).ToHaveTextAsync($"{StudioServer.JobWorkspace} (Data Scientist)");
        await page.GetByLabel("Workspace").SelectOptionAsync(StudioServer.JobWorkspace);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/w/{StudioServer.JobWorkspace}/computes$"));
        await Assertions.Expect(page.Locator($"tr[data-name='{compute}'] .state")).ToHaveTextAsync("Running");
        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        await page.GetByLabel("Job spec (YAML)").FillAsync(
            $"name: ui-hello\ncompute: {compute}\ncommand: for i in 1 2 3; do echo step $i; sleep 1; done; echo done > ${{{{outputs.result}}}}/done.txt\n"
            + "outputs: { result: { path: outputs/ui-hello/ } }\n");
        await StudioServer.ScreenshotAsync(page, "jobs-submit-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/w/{StudioServer.JobWorkspace}/jobs/ui-hello$"));
        var stdout = page.GetByLabel("Standard output");
        await Assertions.Expect(stdout).ToContainTextAsync("step 1", new() { Timeout = 60_000 });
        await Assertions.Expect(stdout).ToContainTextAsync("step 3", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        var output = page.GetByRole(AriaRole.Link, new() { Name = "done.txt" });
        await Assertions.Expect(output).ToBeVisibleAsync();
        await StudioServer.ScreenshotAsync(page, "job-details");
        var download = await page.RunAndWaitForDownloadAsync(() => output.ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), $"studio-job-output-{Guid.NewGuid():N}");
        await download.SaveAsAsync(saved);
        Assert.Equal("done\n", await File.ReadAllTextAsync(saved));
        File.Delete(saved);

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).First.ClickAsync();
        await page.GetByLabel("State").SelectOptionAsync("Completed");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("state=Completed"));
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "ui-hello" }) });
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Completed");
        await StudioServer.ScreenshotAsync(page, "jobs");
        await page.GetByLabel("State").SelectOptionAsync("Failed");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "ui-hello" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task JobForm_WrongYaml_ShowsTheServersErrorsAtTheirLines()
    {
        Chromium.SkipWhenMissing();
        await studio.WorkspaceAsync(StudioServer.JobWorkspace, StudioServer.UserName, "Data Scientist");
        var page = await studio.SignedInPageAsync();
        await page.GotoAsync($"/w/{StudioServer.JobWorkspace}/jobs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        var spec = page.GetByLabel("Job spec (YAML)");
        await spec.FillAsync("name: ui-bad\ncompute: nowhere-box\ncomand: echo hi\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var problems = page.Locator(".spec-problems");
        await Assertions.Expect(problems).ToContainTextAsync("Line 3 (comand): 'comand' is not a job spec key");
        await Assertions.Expect(problems).ToContainTextAsync("Line 1 (command): 'command' is required");
        await Assertions.Expect(page.Locator(".spec-gutter .error")).ToHaveTextAsync(["1", "3"]);
        await Assertions.Expect(spec).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator(".form-error")).ToContainTextAsync("The request is not valid");
        Assert.DoesNotContain("   at ", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);

        // The cursor goes to the line a message names, so the line is selected in the editor.
        await problems.GetByRole(AriaRole.Button, new() { Name = "Line 3" }).ClickAsync();
        Assert.Equal("comand: echo hi", await spec.EvaluateAsync<string>("t => t.value.substring(t.selectionStart, t.selectionEnd)"));
        await StudioServer.ScreenshotAsync(page, "jobs-yaml-error");

        Assert.Null(await studio.JobAsync("ui-bad"));
    }

    [Fact]
    public async Task JobPage_CancelRunningJob_EndsCanceled()
    {
        Chromium.SkipWhenMissing();
        var compute = await studio.JobComputeAsync();
        var page = await studio.SignedInPageAsync();
        await page.GotoAsync($"/w/{StudioServer.JobWorkspace}/jobs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        await page.GetByLabel("Job spec (YAML)").FillAsync($"name: ui-long\ncompute: {compute}\ncommand: echo started; sleep 120\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Standard output")).ToContainTextAsync("started", new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("Canceled", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeDisabledAsync();
        Assert.Equal("Canceled", (await studio.JobAsync("ui-long"))?.State);
    }
}
