using System.Text.Json;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

/// <summary>Passwords through the built wb against the real server: users made with one, `wb login` trading one for a token.</summary>
public sealed class CliLoginTests : IAsyncLifetime
{
    private const string AdminToken = "wb_cli-login-admin";
    private readonly TempFolder _data = new("wb-cli-login");
    private readonly TempFolder _home = new("wb-cli-login-home");
    private readonly ServerProcess _server;
    private readonly Dictionary<string, string?> _user;
    private readonly Dictionary<string, string?> _admin;

    public CliLoginTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
        _user = WbProcess.IsolatedEnvironment(_home.Path);
        _admin = new Dictionary<string, string?>(_user) { ["WB_SERVER"] = _server.Url, ["WB_TOKEN"] = AdminToken };
    }

    public async ValueTask InitializeAsync() => await _server.StartAsync();

    [Fact]
    public async Task UserCreateWithPasswordStdin_ThenLoginWithIt_SavesATokenThatWorksAndIsListed()
    {
        var created = await WbProcess.RunWithInputAsync(_admin, "carols password\n", "user", "create", "carol", "--role", "Data Scientist", "--password-stdin");
        Assert.True(created.ExitCode == 0, created.Stderr);

        var login = await WbProcess.RunWithInputAsync(_user, "carols password\n",
            "login", "--server", _server.Url, "--username", "carol", "--password-stdin", "--token-name", "carols laptop");

        Assert.True(login.ExitCode == 0, login.Stderr);
        Assert.Contains($"Logged in to {_server.Url} as carol", login.Stdout, StringComparison.Ordinal);
        var config = await File.ReadAllTextAsync(Path.Combine(_home.Path, ".config", "workbench", "config.json"));
        Assert.StartsWith("wb_", JsonDocument.Parse(config).RootElement.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("carols password", config, StringComparison.Ordinal);
        var tokens = await WbProcess.RunAsync(_user, "token", "list");
        Assert.True(tokens.ExitCode == 0, tokens.Stderr);
        Assert.Contains("carols laptop", tokens.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await WbProcess.RunAsync(_user, "compute", "list")).ExitCode);
    }

    [Fact]
    public async Task Login_WrongPassword_OneErrorLine_NothingSaved()
    {
        Assert.Equal(0, (await WbProcess.RunWithInputAsync(_admin, "dans password\n", "user", "create", "dan", "--password-stdin")).ExitCode);

        var login = await WbProcess.RunWithInputAsync(_user, "a wrong guess\n", "login", "--server", _server.Url, "-u", "dan", "--password-stdin");

        Assert.Equal(1, login.ExitCode);
        Assert.Equal("error: Unauthorized: Wrong user name or password.", login.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(_home.Path, ".config", "workbench", "config.json")));
    }

    [Fact]
    public async Task SetPassword_ByAdmin_ThenByTheUserWithTheCurrentOne_EachLetsThemLogIn()
    {
        Assert.Equal(0, (await WbProcess.RunAsync(_admin, "user", "create", "erin")).ExitCode);
        var set = await WbProcess.RunWithInputAsync(_admin, "erins first password\n", "user", "set-password", "--name", "erin", "--password-stdin");
        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.Equal(0, (await LoginAsync("erin", "erins first password")).ExitCode);

        var changed = await WbProcess.RunWithInputAsync(_user, "erins second password\nerins first password\n", "user", "set-password", "--password-stdin");

        Assert.True(changed.ExitCode == 0, changed.Stderr);
        Assert.Equal(1, (await LoginAsync("erin", "erins first password")).ExitCode);
        Assert.Equal(0, (await LoginAsync("erin", "erins second password")).ExitCode);
    }

    [Fact]
    public async Task SetPassword_TooShort_SaysWhy()
    {
        Assert.Equal(0, (await WbProcess.RunAsync(_admin, "user", "create", "finn")).ExitCode);

        var set = await WbProcess.RunWithInputAsync(_admin, "short\n", "user", "set-password", "-n", "finn", "--password-stdin");

        Assert.Equal(1, set.ExitCode);
        Assert.Contains("password: A password has 8 to 1024 characters.", set.Stderr, StringComparison.Ordinal);
    }

    private Task<WbRun> LoginAsync(string user, string password) =>
        WbProcess.RunWithInputAsync(_user, password + "\n", "login", "--server", _server.Url, "-u", user, "--password-stdin");

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
        _home.Dispose();
    }
}
