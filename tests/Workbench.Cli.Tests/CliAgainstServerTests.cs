using System.Text.Json;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

/// <summary>The built wb against the real server (its own process, real local driver, real Jupyter).</summary>
[Trait("Category", "Jupyter")]
public sealed class CliAgainstServerTests : IAsyncLifetime
{
    private const string AdminToken = "wb_cli-test-admin";
    private readonly TempFolder _data = new("wb-cli-server");
    private readonly TempFolder _home = new("wb-cli-home");
    private readonly ServerProcess _server;
    private readonly Dictionary<string, string?> _env;

    public CliAgainstServerTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
        _env = WbProcess.IsolatedEnvironment(_home.Path);
    }

    public async ValueTask InitializeAsync() => await _server.StartAsync();

    private Task<WbRun> Wb(params string[] args) => WbProcess.RunAsync(_env, args);

    [Fact]
    public async Task Lifecycle_ThroughTheCli_WithJsonOutputAndBadInput()
    {
        var login = await Wb("login", "--server", _server.Url, "--token", AdminToken);
        Assert.True(login.ExitCode == 0, login.Stderr);

        var created = await Wb("compute", "create", "--name", "cli-1", "--size", "Standard_DS1_v2");
        Assert.True(created.ExitCode == 0, created.Stdout + created.Stderr);
        var shown = await ShowJsonAsync("cli-1");
        Assert.Equal("Running", shown.GetProperty("state").GetString());
        Assert.StartsWith("127.0.0.1:", shown.GetProperty("endpoints").GetProperty("jupyter").GetString(), StringComparison.Ordinal);
        Assert.Single(InstanceProcesses.Find(_data.Path, "default", "cli-1"));

        var url = $"{_server.Url}/i/default/cli-1/jupyter/";
        Assert.Contains(url, (await Wb("compute", "show", "-n", "cli-1")).Stdout, StringComparison.Ordinal);
        var open = await Wb("compute", "open", "-n", "cli-1");
        Assert.Equal(url, open.Stdout.Trim());
        using (var owner = _server.CreateClient())
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await owner.GetAsync(url + "api/status")).StatusCode);
        }

        var table = await Wb("compute", "list");
        Assert.Contains("cli-1", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Running", table.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await Wb("compute", "stop", "--name", "cli-1")).ExitCode);
        Assert.Equal("Stopped", (await ShowJsonAsync("cli-1")).GetProperty("state").GetString());
        Assert.Empty(InstanceProcesses.Find(_data.Path, "default", "cli-1"));
        var closed = await Wb("compute", "open", "-n", "cli-1");
        Assert.Equal(1, closed.ExitCode);
        Assert.Contains("start it first", closed.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await Wb("compute", "start", "-n", "cli-1")).ExitCode);
        Assert.Equal("Running", (await ShowJsonAsync("cli-1")).GetProperty("state").GetString());
        Assert.Equal(0, (await Wb("compute", "restart", "-n", "cli-1")).ExitCode);
        Assert.Equal("Running", (await ShowJsonAsync("cli-1")).GetProperty("state").GetString());

        var again = await Wb("compute", "start", "-n", "cli-1");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("error: Illegal state transition", again.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await Wb("compute", "delete", "-n", "cli-1")).ExitCode);
        var gone = await Wb("compute", "show", "-n", "cli-1");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("Not found", gone.Stderr, StringComparison.Ordinal);
        Assert.Empty(InstanceProcesses.Find(_data.Path, "default", "cli-1"));
    }

    [Fact]
    [Trait("Category", "Ssh")]
    public async Task Ssh_CreateWithKey_RunCommands_ReplaceAndRemoveTheKey()
    {
        using var ssh = new SshClient();
        var first = await ssh.NewKeyAsync("first");
        var second = await ssh.NewKeyAsync("second");
        Assert.Equal(0, (await Wb("login", "--server", _server.Url, "--token", AdminToken)).ExitCode);
        var created = await Wb("compute", "create", "-n", "cli-ssh", "--size", "Standard_DS1_v2", "--ssh-public-key", first + ".pub");
        Assert.True(created.ExitCode == 0, created.Stdout + created.Stderr);
        Assert.Matches(@"SSH:\s+ssh -p \d+ root@127\.0\.0\.1", (await Wb("compute", "show", "-n", "cli-ssh")).Stdout);

        var home = await Wb("compute", "ssh", "-n", "cli-ssh", "-i", first, "--", "test -d ~/cloudfiles && echo $HOME");
        Assert.True(home.ExitCode == 0, home.Stderr);
        Assert.Equal("/home/admin", home.Stdout.Trim());
        Assert.True(File.Exists(Path.Combine(_home.Path, ".config", "workbench", "known_hosts")));
        Assert.Equal(3, (await Wb("compute", "ssh", "-n", "cli-ssh", "-i", first, "--", "exit", "3")).ExitCode);

        var privateKey = await Wb("compute", "update", "-n", "cli-ssh", "--ssh-public-key", first);
        Assert.Equal(1, privateKey.ExitCode);
        Assert.Contains("private key", privateKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await Wb("compute", "update", "-n", "cli-ssh")).ExitCode);

        Assert.Equal(0, (await Wb("compute", "update", "-n", "cli-ssh", "--ssh-public-key-file", second + ".pub")).ExitCode);
        await Eventually.UntilAsync(() => Wb("compute", "ssh", "-n", "cli-ssh", "-i", second, "--", "true"), run => run.ExitCode == 0, TimeSpan.FromSeconds(20), "the new key taking effect");
        Assert.Equal(255, (await Wb("compute", "ssh", "-n", "cli-ssh", "-i", first, "--", "true")).ExitCode);

        Assert.Equal(0, (await Wb("compute", "update", "-n", "cli-ssh", "--remove-ssh-public-key")).ExitCode);
        var removed = await Wb("compute", "ssh", "-n", "cli-ssh", "-i", second, "--", "true");
        Assert.Equal(1, removed.ExitCode);
        Assert.Contains("has no SSH key", removed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadNameAndSize_OneReadableErrorPerField_NothingMade()
    {
        Assert.Equal(0, (await Wb("login", "--server", _server.Url, "--token", AdminToken)).ExitCode);
        var bad = await Wb("compute", "create", "--name", "1bad", "--size", "Huge");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error: The request is not valid", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("name:", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("size:", bad.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Stderr, StringComparison.Ordinal);
        var list = JsonDocument.Parse((await Wb("compute", "list", "-o", "json")).Stdout).RootElement;
        Assert.Equal(0, list.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task UserCreate_TokenWorks_AssignToShowsInTheirMine()
    {
        var env = new Dictionary<string, string?>(_env) { ["WB_SERVER"] = _server.Url, ["WB_TOKEN"] = AdminToken };
        var user = await WbProcess.RunAsync(env, "user", "create", "bob", "--role", "Data Scientist", "-o", "json");
        Assert.True(user.ExitCode == 0, user.Stderr);
        var bobToken = JsonDocument.Parse(user.Stdout).RootElement.GetProperty("token").GetString()!;

        var made = await WbProcess.RunAsync(env, "compute", "create", "-n", "for-bob", "--size", "Standard_DS1_v2", "--assign-to", "bob", "--no-wait", "-o", "json");
        Assert.True(made.ExitCode == 0, made.Stderr);
        Assert.Equal("bob", JsonDocument.Parse(made.Stdout).RootElement.GetProperty("owner").GetString());

        var bobs = await WbProcess.RunAsync(env, "compute", "list", "--mine", "--token", bobToken, "-o", "json");
        var names = JsonDocument.Parse(bobs.Stdout).RootElement.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("name").GetString());
        Assert.Equal(["for-bob"], names);
        Assert.Equal(0, (await WbProcess.RunAsync(env, "compute", "delete", "-n", "for-bob")).ExitCode);
    }

    [Fact]
    public async Task Token_CreateListRevoke_ThroughTheCli()
    {
        Assert.Equal(0, (await Wb("login", "--server", _server.Url, "--token", AdminToken)).ExitCode);
        var created = await Wb("token", "create", "-n", "laptop", "-o", "json");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var token = JsonDocument.Parse(created.Stdout).RootElement;
        var secret = token.GetProperty("token").GetString()!;
        var id = token.GetProperty("id").GetString()!;

        var list = await Wb("token", "list");
        Assert.Contains("laptop", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await Wb("compute", "list", "--token", secret)).ExitCode);

        Assert.Equal(0, (await Wb("token", "revoke", "--id", id)).ExitCode);
        var refused = await Wb("compute", "list", "--token", secret);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: Unauthorized", refused.Stderr, StringComparison.Ordinal);
    }

    private async Task<JsonElement> ShowJsonAsync(string name)
    {
        var run = await Wb("compute", "show", "--name", name, "-o", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
        _home.Dispose();
    }
}
