using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Cli.Input;
using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>
/// `wb login`: checks a server and token work, then saves them for later commands. The token is either
/// given (--token, WB_TOKEN) or made by the server for a user name and password, so people need not
/// copy tokens around; such a token shows in `wb token list` and is revoked like any other.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CommandRunner runner)
    {
        var username = new Option<string?>("--username", "-u")
        {
            Description = "Sign in as this user with their password (asked for, or read with --password-stdin); a new API token is made and saved.",
        };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin." };
        var tokenName = new Option<string?>("--token-name")
        {
            Description = "The name of the token made on the server, as `wb token list` shows it; defaults to 'wb on <this host>'.",
        };
        var command = new Command("login", "Sign in to a server, with --token or with a user name and password, and save the connection for later commands.")
        {
            username,
            passwordStdin,
            tokenName,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(username) is not null && result.GetValue<string?>("--token") is not null)
            {
                result.AddError("Give --token or --username, not both.");
            }
            if (result.GetValue(passwordStdin) && result.GetValue(username) is null)
            {
                result.AddError("--password-stdin needs --username: stdin holds the password, so the name cannot be asked for.");
            }
        });
        command.SetAction(runner.LoggingIn(
            (parse, givenToken, withoutToken, cancellationToken) =>
                SignInAsync(parse.GetValue(username), parse.GetValue(passwordStdin), parse.GetValue(tokenName), givenToken, withoutToken, cancellationToken),
            async (_, invocation, cancellationToken) =>
            {
                var me = await invocation.Client.GetMeAsync(cancellationToken);
                runner.ConfigFile.Write(new CliConfig(invocation.Connection.Server.OriginalString, invocation.Connection.Token));
                invocation.Print(me, (console, user) => console.WriteLine($"Logged in to {invocation.Connection.Server.OriginalString} as {user.Name}"));
                return ExitCodes.Success;
            }));
        return command;
    }

    /// <summary>A new token for the user name and password, or null to use the given token: when no name is given and there is a token, or no terminal to ask on.</summary>
    private static async Task<string?> SignInAsync(
        string? userName, bool passwordFromStdin, string? tokenName, string? givenToken, WorkbenchClient withoutToken, CancellationToken cancellationToken)
    {
        if (userName is null && (givenToken is not null || Console.IsInputRedirected))
        {
            return null;
        }
        userName ??= PasswordInput.AskUserName();
        var password = passwordFromStdin ? PasswordInput.FromStdin("password") : PasswordInput.Ask("Password");
        var created = await withoutToken.ExchangePasswordAsync(new PasswordLoginRequest(userName, password, tokenName ?? DefaultTokenName()), cancellationToken);
        return created.Value.Token;
    }

    private static string DefaultTokenName()
    {
        var name = $"wb on {Environment.MachineName}";
        return name.Length <= 64 ? name : name[..64];
    }
}
