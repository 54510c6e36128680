using System.CommandLine;
using Workbench.Client;

namespace Workbench.Cli.CliContext;

/// <summary>
/// How `wb login` may get a token from the server itself (by a user name and password): given the token
/// from --token or WB_TOKEN if there is one, and a client without a token. Null means: use the given one.
/// </summary>
internal delegate Task<string?> SignIn(ParseResult parse, string? givenToken, WorkbenchClient withoutToken, CancellationToken cancellationToken);

/// <summary>Gives each command a connected <see cref="Invocation"/> and turns whatever goes wrong into an error line and exit code.</summary>
internal sealed class CommandRunner(GlobalOptions globals, Func<string, string?> environment)
{
    // The OS default can leave a user staring at a silent prompt for minutes when a host drops packets.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public ConfigFile ConfigFile => ConfigFile.AtDefaultLocation(environment);

    /// <summary>An action for commands that use the saved login.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Connected(Func<ParseResult, Invocation, CancellationToken, Task<int>> body) =>
        (parse, cancellationToken) => RunAsync(parse, ConfigFile, body, cancellationToken);

    /// <summary>An action for `wb login`, which must not fall back on the login it is about to replace, and may get its token by <paramref name="signIn"/>.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> LoggingIn(SignIn signIn, Func<ParseResult, Invocation, CancellationToken, Task<int>> body) =>
        (parse, cancellationToken) => RunAsync(parse, null, body, cancellationToken, signIn);

    private async Task<int> RunAsync(
        ParseResult parse, ConfigFile? configFile, Func<ParseResult, Invocation, CancellationToken, Task<int>> body, CancellationToken cancellationToken,
        SignIn? signIn = null)
    {
        Uri? server = null;
        try
        {
            server = ConnectionSettings.ResolveServer(parse.GetValue(globals.Server), environment, configFile);
            using var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
            using var http = new HttpClient(handler) { BaseAddress = server };
            var tokenOption = parse.GetValue(globals.Token);
            var signedIn = signIn is null
                ? null
                : await signIn(parse, ConnectionSettings.GivenToken(tokenOption, environment), WorkbenchClient.WithoutToken(http), cancellationToken);
            var connection = new ConnectionSettings(server, signedIn ?? ConnectionSettings.ResolveToken(tokenOption, environment, configFile));
            var invocation = new Invocation(
                new WorkbenchClient(http, connection.Token),
                connection,
                parse.GetRequiredValue(globals.Workspace),
                parse.GetValue(globals.Output));
            return await body(parse, invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception error)
        {
            ErrorReporter.Report(error, server);
            return ExitCodes.Failure;
        }
    }
}
