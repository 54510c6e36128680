using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

/// <summary>The built wb's job verbs against the real server (its own process, a real instance, real jobs).</summary>
[Trait("Category", "Jupyter")]
public sealed class JobCliTests : IAsyncLifetime
{
    private const string AdminToken = "wb_job-cli-admin";
    private readonly TempFolder _data = new("wb-job-cli-server");
    private readonly TempFolder _home = new("wb-job-cli-home");
    private readonly ServerProcess _server;
    private readonly Dictionary<string, string?> _env;

    public JobCliTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
        _env = WbProcess.IsolatedEnvironment(_home.Path);
    }

    private string Share => Path.Combine(_data.Path, "shares", "default");

    public async ValueTask InitializeAsync()
    {
        await _server.StartAsync();
        _env["WB_SERVER"] = _server.Url;
        _env["WB_TOKEN"] = AdminToken;
        using var api = _server.CreateClient();
        await api.PutAsJsonAsync($"{ApiCalls.Computes}/cli-box", new { size = "Standard_DS1_v2" });
        Assert.Equal("Running", (await api.WaitForStateAsync("cli-box", "Running"))!.State);
    }

    private Task<WbRun> Wb(params string[] args) => WbProcess.RunAsync(_env, args);

    private string WriteSpec(string name, string yaml)
    {
        var path = Path.Combine(_home.Path, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task CreateStream_PrintsLinesAsWritten_AndExitsWithTheJobsCode()
    {
        var gate = Path.Combine(Share, "stream-gate");
        var spec = WriteSpec("stream.yml", JobCalls.Spec("cli-box",
            "echo first; echo warned >&2; while [ ! -e ~/cloudfiles/stream-gate ]; do sleep 0.05; done; echo second; exit 7", "name: stream-job"));
        var start = new ProcessStartInfo(WbProcess.AppHostPath, ["job", "create", "-f", spec, "--stream"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _env)
        {
            start.Environment[key] = value;
        }
        using var wb = Process.Start(start)!;
        var stderr = wb.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // The first line arrives while the job still waits for the gate: it is printed as it is written.
        Assert.Equal("first", await wb.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.False(wb.HasExited);
        File.WriteAllText(gate, "");
        Assert.Equal("second", await wb.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Null(await wb.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        await wb.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(7, wb.ExitCode);
        var errors = await stderr;
        Assert.StartsWith("warned\n", errors, StringComparison.Ordinal);
        Assert.Contains("error: job stream-job Failed (ExitCode): Exited with code 7.", errors, StringComparison.Ordinal);

        var again = await Wb("job", "stream", "-n", "stream-job");
        Assert.Equal((7, "first\nsecond\n"), (again.ExitCode, again.Stdout));
    }

    [Fact]
    public async Task Jobs_ThroughTheCli_CodeOutputsListShowLogsCancelDownload()
    {
        var src = Directory.CreateDirectory(Path.Combine(_home.Path, "project", "src")).FullName;
        File.WriteAllText(Path.Combine(src, "train.sh"), "mkdir -p \"$1\"; echo weights > \"$1/model.bin\"; echo trained with $SEED\n");
        var spec = WriteSpec(Path.Combine("project", "job.yml"), """
            name: cli-train
            display_name: Train from the CLI
            command: sh train.sh ${{outputs.model}}
            code: ./src
            compute: cli-box
            environment_variables: { SEED: "42" }
            outputs: { model: { path: outputs/cli-train/ } }
            """);
        var created = await Wb("job", "create", "-f", spec, "-o", "json");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal("Train from the CLI", JsonDocument.Parse(created.Stdout).RootElement.GetProperty("displayName").GetString());
        Assert.Equal(0, (await Wb("job", "stream", "-n", "cli-train")).ExitCode);

        var logs = await Wb("job", "logs", "-n", "cli-train");
        Assert.Equal("trained with 42\n", logs.Stdout);
        var shown = await Wb("job", "show", "-n", "cli-train");
        Assert.Contains("Completed", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("jobs/cli-train/logs/stdout.txt", shown.Stdout, StringComparison.Ordinal);

        var target = Path.Combine(_home.Path, "downloaded");
        var download = await Wb("job", "download", "-n", "cli-train", "--output", target);
        Assert.True(download.ExitCode == 0, download.Stderr);
        Assert.Equal("weights\n", File.ReadAllText(Path.Combine(target, "model", "model.bin")));

        var waiting = WriteSpec("wait.yml", JobCalls.Spec("cli-box", "exec sleep 604", "name: cli-wait"));
        Assert.Equal(0, (await Wb("job", "create", "-f", waiting)).ExitCode);
        var computes = await Wb("compute", "show", "-n", "cli-box");
        Assert.Contains("running /", computes.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await Wb("job", "cancel", "-n", "cli-wait")).ExitCode);
        using (var api = _server.CreateClient())
        {
            Assert.Equal("Canceled", (await api.WaitForJobEndAsync("cli-wait"))!.State);
        }

        var slotted = await Wb("compute", "create", "-n", "slotted", "--size", "Standard_DS1_v2", "--job-slots", "3", "--no-wait", "-o", "json");
        Assert.Equal(3, JsonDocument.Parse(slotted.Stdout).RootElement.GetProperty("jobSlots").GetInt32());

        var list = JsonDocument.Parse((await Wb("job", "list", "--compute", "cli-box", "--state", "Completed", "-o", "json")).Stdout).RootElement;
        Assert.Equal(["cli-train"], list.GetProperty("value").EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.Contains("cli-wait", (await Wb("job", "list")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadSpec_OneReadableLinePerMistake_NothingMade()
    {
        var spec = WriteSpec("bad.yml", "name: bad-job\ncompute: nowhere\ncomand: x\ntimeout: soon\n");
        var bad = await Wb("job", "create", "-f", spec);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error: The request is not valid", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("comand: line 3: 'comand' is not a job spec key", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("timeout: line 4:", bad.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await Wb("job", "show", "-n", "bad-job")).ExitCode);

        var missing = await Wb("job", "create", "-f", Path.Combine(_home.Path, "none.yml"));
        Assert.Equal((1, true), (missing.ExitCode, missing.Stderr.StartsWith("error: there is no job spec file", StringComparison.Ordinal)));
        var noCode = WriteSpec("nocode.yml", JobCalls.Spec("cli-box", "true", "code: ./absent"));
        Assert.Contains("code folder", (await Wb("job", "create", "-f", noCode)).Stderr, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
        _home.Dispose();
    }
}
