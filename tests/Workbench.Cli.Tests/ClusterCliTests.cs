using System.Text.Json;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

/// <summary>The built wb's cluster verbs against the real server (its own process, real nodes on the local driver, a real job).</summary>
public sealed class ClusterCliTests : IAsyncLifetime
{
    private const string AdminToken = "wb_cluster-cli-admin";
    private readonly TempFolder _data = new("wb-cluster-cli-server");
    private readonly TempFolder _home = new("wb-cluster-cli-home");
    private readonly ServerProcess _server;
    private readonly Dictionary<string, string?> _env;

    public ClusterCliTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
        _env = WbProcess.IsolatedEnvironment(_home.Path);
    }

    public async ValueTask InitializeAsync()
    {
        await _server.StartAsync();
        _env["WB_SERVER"] = _server.Url;
        _env["WB_TOKEN"] = AdminToken;
    }

    private Task<WbRun> Wb(params string[] args) => WbProcess.RunAsync(_env, args);

    [Fact]
    public async Task Cluster_CreateUpdateListShowRunDelete_ThroughTheCli()
    {
        var created = await Wb("cluster", "create", "--name", "cli-cluster", "--size", "Standard_DS1_v2", "--max-nodes", "1",
            "--idle-seconds-before-scaledown", "0", "--tier", "lowPriority", "-o", "json");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var json = JsonDocument.Parse(created.Stdout).RootElement;
        Assert.Equal((1, 0, "lowPriority", "local"), (json.GetProperty("maxNodes").GetInt32(), json.GetProperty("minNodes").GetInt32(),
            json.GetProperty("tier").GetString(), json.GetProperty("driver").GetString()));

        var bad = await Wb("cluster", "create", "--name", "bad-cluster", "--size", "Standard_DS1_v2", "--max-nodes", "0");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("maxNodes", bad.Stderr);
        var missing = await Wb("cluster", "update", "--name", "no-such-cluster", "--max-nodes", "2");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no cluster named 'no-such-cluster'", missing.Stderr);

        var updated = await Wb("cluster", "update", "--name", "cli-cluster", "--max-nodes", "2");
        Assert.True(updated.ExitCode == 0, updated.Stderr);
        Assert.Contains("0 (min 0, max 2)", updated.Stdout);
        Assert.Contains("cli-cluster", (await Wb("cluster", "list")).Stdout);

        var spec = Path.Combine(_home.Path, "job.yml");
        await File.WriteAllTextAsync(spec, JobCalls.Spec("cli-cluster", "echo on a node", "name: cli-cluster-job"), TestContext.Current.CancellationToken);
        var run = await Wb("job", "create", "-f", spec, "--stream");
        Assert.Equal((0, "on a node\n"), (run.ExitCode, run.Stdout));

        var shown = await Wb("cluster", "show", "--name", "cli-cluster");
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("Jobs:", shown.Stdout);

        var deleted = await Wb("cluster", "delete", "--name", "cli-cluster");
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Contains("Deleting", deleted.Stdout);
        await Eventually.UntilAsync(async () => (await Wb("cluster", "list")).Stdout, o => o.Contains("No clusters."), TimeSpan.FromSeconds(60), "the cluster gone");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
        _home.Dispose();
    }
}
