namespace Workbench.Cli.CliContext;

/// <summary>Where the server is and which token to show it, each taken from the option, then the environment, then the config file.</summary>
internal sealed record ConnectionSettings(Uri Server, string Token)
{
    public const string ServerVariable = "WB_SERVER";
    public const string TokenVariable = "WB_TOKEN";

    public const string HowToSet =
        "Run `wb login --server URL --token T`, or set WB_SERVER and WB_TOKEN, or pass --server and --token.";

    /// <param name="configFile">Null where the config file must not be consulted, as in `wb login`.</param>
    public static ConnectionSettings Resolve(string? serverOption, string? tokenOption, Func<string, string?> environment, ConfigFile? configFile)
    {
        // The file is read only when needed, so a broken file does not stand in the way of explicit settings.
        var saved = new Lazy<CliConfig?>(() => configFile?.Read());
        var server = FirstSet(serverOption, environment(ServerVariable), () => saved.Value?.Server);
        var token = FirstSet(tokenOption, environment(TokenVariable), () => saved.Value?.Token);
        if (server is null)
        {
            throw new CliException($"no Workbench server is set. {HowToSet}");
        }
        if (token is null)
        {
            throw new CliException($"no API token is set. {HowToSet}");
        }
        return new ConnectionSettings(ParseServer(server), token);
    }

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
