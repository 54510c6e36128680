using Workbench.Cli.CliContext;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests.CliContext;

public sealed class ConnectionSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ConfigFile _configFile;

    public ConnectionSettingsTests()
    {
        _configFile = new ConfigFile(Path.Combine(_folder.Path, "config.json"));
        _configFile.Write(new CliConfig("http://from-file", "file-token"));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Resolve_OptionEnvironmentAndFileAllSet_UsesOption()
    {
        var settings = Resolve("http://from-option", "option-token", Environment("http://from-env", "env-token"), _configFile);

        Assert.Equal(new Uri("http://from-option"), settings.Server);
        Assert.Equal("option-token", settings.Token);
    }

    [Fact]
    public void Resolve_EnvironmentAndFileSet_UsesEnvironment()
    {
        var settings = Resolve(null, null, Environment("http://from-env", "env-token"), _configFile);

        Assert.Equal(new Uri("http://from-env"), settings.Server);
        Assert.Equal("env-token", settings.Token);
    }

    [Fact]
    public void Resolve_OnlyFileSet_UsesFile()
    {
        var settings = Resolve(null, null, Environment(null, null), _configFile);

        Assert.Equal(new Uri("http://from-file"), settings.Server);
        Assert.Equal("file-token", settings.Token);
    }

    [Fact]
    public void Resolve_EachSettingFromADifferentSource_TakesEachFromItsFirstSource()
    {
        var settings = Resolve("http://from-option", null, Environment(null, "env-token"), _configFile);

        Assert.Equal(new Uri("http://from-option"), settings.Server);
        Assert.Equal("env-token", settings.Token);
    }

    [Fact]
    public void Resolve_BlankEnvironmentVariables_FallsBackToFile()
    {
        var settings = Resolve(null, null, Environment("", " "), _configFile);

        Assert.Equal("file-token", settings.Token);
    }

    [Fact]
    public void Resolve_NothingSet_ThrowsSayingHowToLogIn()
    {
        var missing = new ConfigFile(Path.Combine(_folder.Path, "absent", "config.json"));

        var error = Assert.Throws<CliException>(() => Resolve(null, null, Environment(null, null), missing));

        Assert.Contains("wb login --server URL --token T", error.Message);
        Assert.Contains("WB_SERVER", error.Message);
    }

    [Fact]
    public void Resolve_WithoutConfigFile_IgnoresSavedLogin()
    {
        Assert.Throws<CliException>(() => Resolve(null, null, Environment(null, null), configFile: null));
    }

    [Fact]
    public void Resolve_ServerIsNotAUrl_ThrowsNamingIt()
    {
        var error = Assert.Throws<CliException>(() => Resolve("workbench:8080", "t", Environment(null, null), null));

        Assert.Contains("'workbench:8080' is not a server URL", error.Message);
    }

    [Fact]
    public void GivenToken_OptionThenEnvironment_NeverTheFile()
    {
        Assert.Equal("option-token", ConnectionSettings.GivenToken("option-token", Environment(null, "env-token")));
        Assert.Equal("env-token", ConnectionSettings.GivenToken(" ", Environment(null, "env-token")));
        Assert.Null(ConnectionSettings.GivenToken(null, Environment(null, null)));
    }

    /// <summary>Both settings as a connected command resolves them: the server first, so its error comes first.</summary>
    private static ConnectionSettings Resolve(string? serverOption, string? tokenOption, Func<string, string?> environment, ConfigFile? configFile)
    {
        var server = ConnectionSettings.ResolveServer(serverOption, environment, configFile);
        return new ConnectionSettings(server, ConnectionSettings.ResolveToken(tokenOption, environment, configFile));
    }

    private static Func<string, string?> Environment(string? server, string? token) => name => name switch
    {
        ConnectionSettings.ServerVariable => server,
        ConnectionSettings.TokenVariable => token,
        _ => null,
    };
}
