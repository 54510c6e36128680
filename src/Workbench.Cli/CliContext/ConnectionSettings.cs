namespace Workbench.Cli.CliContext;

/// <summary>Where the server is and which token to show it, each taken from the option, then the environment, then the config file.</summary>
internal sealed record ConnectionSettings(Uri Server, string Token)
{
    public const string ServerVariable = "WB_SERVER";
    public const string TokenVariable = "WB_TOKEN";

    public const string HowToSet =
        "Run `wb login --server URL --token T` (or --username NAME), or set WB_SERVER and WB_TOKEN, or pass --server and --token.";

    /// <param name="configFile">Null where the config file must not be consulted, as in `wb login`.</param>
    public static Uri ResolveServer(string? serverOption, Func<string, string?> environment, ConfigFile? configFile) =>
        ParseServer(FirstSet(serverOption, environment(ServerVariable), () => configFile?.Read()?.Server)
            ?? throw new CliException($"no Workbench server is set. {HowToSet}"));

    /// <param name="configFile">Null where the config file must not be consulted, as in `wb login`.</param>
    public static string ResolveToken(string? tokenOption, Func<string, string?> environment, ConfigFile? configFile) =>
        FirstSet(tokenOption, environment(TokenVariable), () => configFile?.Read()?.Token)
            ?? throw new CliException($"no API token is set. {HowToSet}");

    /// <summary>The token given for this run (the option, else the environment), never the saved one.</summary>
    public static string? GivenToken(string? tokenOption, Func<string, string?> environment) =>
        FirstSet(tokenOption, environment(TokenVariable), () => null);

    // The file is read only when needed, so a broken file does not stand in the way of explicit settings.
    private static string? FirstSet(string? option, string? variable, Func<string?> saved) =>
        NullIfBlank(option) ?? NullIfBlank(variable) ?? NullIfBlank(saved());

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri ParseServer(string server)
    {
        if (Uri.TryCreate(server, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        throw new CliException($"'{server}' is not a server URL; give one like https://workbench.example.com.");
    }
}
