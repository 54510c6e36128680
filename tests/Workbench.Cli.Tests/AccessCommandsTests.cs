using System.Text.Json;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

/// <summary>Workspaces, roles, members, quotas, create on behalf and the audit log through the built wb against the real server.</summary>
public sealed class AccessCommandsTests : IAsyncLifetime
{
    private const string AdminToken = "wb_cli-access-admin";
    private readonly TempFolder _data = new("wb-cli-access");
    private readonly TempFolder _home = new("wb-cli-access-home");
    private readonly ServerProcess _server;
    private readonly Dictionary<string, string?> _admin;

    public AccessCommandsTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
        _admin = WbProcess.IsolatedEnvironment(_home.Path);
    }

    public async ValueTask InitializeAsync()
    {
        await _server.StartAsync();
        _admin["WB_SERVER"] = _server.Url;
        _admin["WB_TOKEN"] = AdminToken;
    }

    private Task<WbRun> Wb(params string[] args) => WbProcess.RunAsync(_admin, args);

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var run = await Wb([.. args, "-o", "json"]);
        Assert.True(run.ExitCode == 0, string.Join(' ', args) + ": " + run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    [Fact]
    public async Task Team_WorkspaceRolesQuotasOnBehalfAndAudit_ThroughTheCli()
    {
        Assert.Equal("Owner", (await JsonAsync("workspace", "create", "-n", "team")).GetProperty("role").GetString());
        Assert.Equal("team", (await JsonAsync("workspace", "show", "-n", "team")).GetProperty("name").GetString());
        var aliceToken = (await JsonAsync("user", "create", "alice")).GetProperty("token").GetString()!;
        var alice = new Dictionary<string, string?>(_admin) { ["WB_TOKEN"] = aliceToken };
        Assert.Equal(0, (await Wb("role", "assign", "-w", "team", "--user", "alice", "--role", "Data Scientist")).ExitCode);
        var members = await JsonAsync("member", "list", "-w", "team");
        Assert.Contains(members.GetProperty("value").EnumerateArray(), m => m.GetProperty("user").GetString() == "alice");
        var aliceSees = JsonDocument.Parse((await WbProcess.RunAsync(alice, "workspace", "list", "-o", "json")).Stdout).RootElement;
        Assert.Equal(["team"], aliceSees.GetProperty("value").EnumerateArray().Select(w => w.GetProperty("name").GetString()));

        var roleFile = Path.Combine(_home.Path, "role.yaml");
        await File.WriteAllTextAsync(roleFile, "name: Starter\ndescription: starts things\nactions:\n  - workspaces/read\n  - not an action\n");
        var bad = await Wb("role", "create", "-f", roleFile);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("line 5: actions[1]", bad.Stderr, StringComparison.Ordinal);
        await File.WriteAllTextAsync(roleFile, "name: Starter\nactions: [workspaces/read, workspaces/computes/*]\nnotActions: [workspaces/computes/delete]\n");
        Assert.Equal(0, (await Wb("role", "create", "-f", roleFile)).ExitCode);
        Assert.Contains("Starter", (await Wb("role", "list")).Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await Wb("quota", "set", "-w", "team", "--family", "standardDSv2Family", "--vcpus", "2")).ExitCode);
        Assert.Equal(1, (await Wb("quota", "set", "-w", "team", "--vcpus", "2")).ExitCode);
        var made = await JsonAsync("compute", "create", "-w", "team", "-n", "for-alice", "--size", "Standard_DS2_v2", "--assign-to", "alice", "--no-start");
        Assert.Equal(("alice", "Stopped"), (made.GetProperty("owner").GetString(), made.GetProperty("state").GetString()));
        var over = await Wb("compute", "create", "-w", "team", "-n", "one-more", "--size", "Standard_DS1_v2", "--no-start");
        Assert.Equal(1, over.ExitCode);
        Assert.Contains("used 2, requested 1, limit 2", over.Stderr, StringComparison.Ordinal);
        var quotas = await JsonAsync("quota", "list", "-w", "team");
        Assert.Contains(quotas.GetProperty("value").EnumerateArray(), q => q.GetProperty("family").GetString() == "standardDSv2Family" && q.GetProperty("used").GetInt32() == 2);

        var alicesMine = JsonDocument.Parse((await WbProcess.RunAsync(alice, "compute", "list", "-w", "team", "--mine", "-o", "json")).Stdout).RootElement;
        Assert.Equal(["for-alice"], alicesMine.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(0, (await JsonAsync("compute", "list", "-w", "team", "--mine")).GetProperty("value").GetArrayLength());

        var audit = await JsonAsync("audit", "list", "-w", "team", "--action", "workspaces/computes/write");
        Assert.Equal([409, 201], audit.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("status").GetInt32()));
        Assert.Contains("users/write", (await Wb("audit", "list", "--all", "--user", "admin")).Stdout, StringComparison.Ordinal);
        var refused = await WbProcess.RunAsync(alice, "audit", "list", "--all");
        Assert.Equal(1, refused.ExitCode);

        Assert.Equal(1, (await Wb("workspace", "delete", "-n", "team")).ExitCode);
        Assert.Equal(0, (await Wb("compute", "delete", "-w", "team", "-n", "for-alice")).ExitCode);
        Assert.Equal(0, (await Wb("workspace", "delete", "-n", "team")).ExitCode);
    }

    [Fact]
    public async Task RoleDelete_RefusedWhileAssignedOrBuiltIn_ThenDeletes_ThroughTheCli()
    {
        var roleFile = Path.Combine(_home.Path, "role.yaml");
        await File.WriteAllTextAsync(roleFile, "name: Passing\nactions: [workspaces/read]\n");
        Assert.Equal(0, (await Wb("role", "create", "-f", roleFile)).ExitCode);
        await JsonAsync("user", "create", "bert");
        Assert.Equal(0, (await Wb("role", "assign", "--user", "bert", "--role", "Passing")).ExitCode);

        var assigned = await Wb("role", "delete", "--name", "Passing");
        Assert.Equal(1, assigned.ExitCode);
        Assert.Contains("bert in default", assigned.Stderr, StringComparison.Ordinal);
        var builtIn = await Wb("role", "delete", "-n", "Owner");
        Assert.Equal(1, builtIn.ExitCode);
        Assert.Contains("built-in", builtIn.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await Wb("role", "unassign", "--user", "bert")).ExitCode);
        var deleted = await Wb("role", "delete", "-n", "Passing");
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("Role Passing deleted.", deleted.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Passing", (await Wb("role", "list")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeEventsAndLog_ThroughTheCli()
    {
        Assert.Equal(0, (await Wb("compute", "create", "-n", "evbox", "--size", "Standard_DS1_v2", "--no-start")).ExitCode);
        var events = await JsonAsync("compute", "events", "-n", "EVBOX");
        Assert.Equal([("workspaces/computes/write", 201, "admin")],
            events.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("status").GetInt32(), e.GetProperty("actor").GetString())));
        var table = await Wb("compute", "events", "-n", "evbox");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("201", table.Stdout, StringComparison.Ordinal);

        var log = await Wb("compute", "log", "-n", "evbox", "--lines", "5");
        Assert.Equal((0, ""), (log.ExitCode, log.Stdout));
        var badLines = await Wb("compute", "log", "-n", "evbox", "--lines", "0");
        Assert.Equal(1, badLines.ExitCode);
        Assert.Contains("lines", badLines.Stderr, StringComparison.Ordinal);
        var missing = await Wb("compute", "log", "-n", "nowhere");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("nowhere", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await Wb("compute", "delete", "-n", "evbox")).ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
        _home.Dispose();
    }
}
