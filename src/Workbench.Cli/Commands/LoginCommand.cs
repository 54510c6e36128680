using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.CliContext;

namespace Workbench.Cli.Commands;

/// <summary>`wb login`: checks a server and token work, then saves them for later commands.</summary>
internal static class LoginCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("login", "Check --server and --token against the server and save them for later commands.");
        command.SetAction(runner.ConnectedWithoutConfigFile(async (_, invocation, cancellationToken) =>
        {
            var me = await invocation.Client.GetMeAsync(cancellationToken);
            var configFile = runner.ConfigFile;
            configFile.Write(new CliConfig(invocation.Connection.Server.OriginalString, invocation.Connection.Token));
            invocation.Print(me, (console, user) => console.WriteLine($"Logged in to {invocation.Connection.Server.OriginalString} as {user.Name}"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
