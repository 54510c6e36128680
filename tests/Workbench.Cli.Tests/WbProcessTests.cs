using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

/// <summary>Runs the built wb as a user would and checks what they would see.</summary>
public sealed class WbProcessTests : IDisposable
{
    private readonly TempFolder _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Main_ShowWithoutName_ExitsNonZeroNamingTheMissingOption()
    {
        var run = await WbProcess.RunAsync(WbProcess.IsolatedEnvironment(_home.Path), "compute", "show");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--name", run.Stderr);
    }

    [Fact]
    public async Task Main_UnknownOption_ExitsNonZeroNamingIt()
    {
        var run = await WbProcess.RunAsync(WbProcess.IsolatedEnvironment(_home.Path), "compute", "list", "--colour");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--colour", run.Stderr);
    }

    [Fact]
    public async Task Main_NoServerConfigured_PrintsHowToSetOneAndExits1()
    {
        var run = await WbProcess.RunAsync(WbProcess.IsolatedEnvironment(_home.Path), "compute", "list");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains("wb login --server URL --token T", line);
        Assert.Contains("WB_SERVER", line);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Main_ServerRefusesConnections_PrintsCannotReachWithoutStackTrace()
    {
        var environment = WbProcess.IsolatedEnvironment(_home.Path);
        // Port 1 (tcpmux) is closed on any machine that runs tests.
        environment["WB_SERVER"] = "http://127.0.0.1:1";
        environment["WB_TOKEN"] = "token";

        var run = await WbProcess.RunAsync(environment, "size", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: cannot reach http://127.0.0.1:1: ", run.Stderr);
        Assert.DoesNotContain(" at ", run.Stderr);
    }

    [Fact]
    public async Task Main_LoginWithoutToken_DoesNotCreateConfigFile()
    {
        var run = await WbProcess.RunAsync(WbProcess.IsolatedEnvironment(_home.Path), "login", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no API token is set", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_home.Path, ".config", "workbench")));
    }

    [Fact]
    public async Task Main_LoginPasswordStdinWithoutUsername_ExitsNonZeroSayingWhy()
    {
        var run = await WbProcess.RunWithInputAsync(WbProcess.IsolatedEnvironment(_home.Path), "secret\n", "login", "--server", "http://127.0.0.1:1", "--password-stdin");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--password-stdin needs --username", run.Stderr);
    }

    [Fact]
    public async Task Main_LoginWithTokenAndUsername_ExitsNonZeroSayingWhy()
    {
        var run = await WbProcess.RunAsync(WbProcess.IsolatedEnvironment(_home.Path), "login", "--server", "http://127.0.0.1:1", "--token", "t", "-u", "ann");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Give --token or --username, not both.", run.Stderr);
    }
}
