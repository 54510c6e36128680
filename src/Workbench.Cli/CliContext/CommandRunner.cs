using System.CommandLine;
using Workbench.Client;

namespace Workbench.Cli.CliContext;

/// <summary>Gives each command a connected <see cref="Invocation"/> and turns whatever goes wrong into an error line and exit code.</summary>
internal sealed class CommandRunner(GlobalOptions globals, Func<string, string?> environment)
{
    // The OS default can leave a user staring at a silent prompt for minutes when a host drops packets.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public ConfigFile ConfigFile => ConfigFile.AtDefaultLocation(environment);

    /// <summary>An action for commands that use the saved login.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Connected(Func<ParseResult, Invocation, CancellationToken, Task<int>> body) =>
        (parse, cancellationToken) => RunAsync(parse, ConfigFile, body, cancellationToken);

    /// <summary>An action for `wb login`, which must not fall back on the login it is about to replace.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> ConnectedWithoutConfigFile(Func<ParseResult, Invocation, CancellationToken, Task<int>> body) =>
        (parse, cancellationToken) => RunAsync(parse, null, body, cancellationToken);

    private async Task<int> RunAsync(
        ParseResult parse, ConfigFile? configFile, Func<ParseResult, Invocation, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        Uri? server = null;
        try
        {
            var connection = ConnectionSettings.Resolve(parse.GetValue(globals.Server), parse.GetValue(globals.Token), environment, configFile);
            server = connection.Server;
            using var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
            using var http = new HttpClient(handler) { BaseAddress = connection.Server };
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
