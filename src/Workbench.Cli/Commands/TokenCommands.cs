using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb token ...`: your own API tokens.</summary>
internal static class TokenCommands
{
    public static Command Create(CommandRunner runner) => new("token", "Manage your API tokens.")
    {
        List(runner),
        CreateToken(runner),
        Revoke(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List your API tokens (their names and ids; never their secrets).");
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var tokens = await invocation.Client.ListTokensAsync(cancellationToken);
            invocation.Print(tokens, (console, page) =>
            {
                var table = Tables.Create("Id", "Name", "Created");
                foreach (var token in page.Value)
                {
                    Tables.AddRow(table, token.Id.ToString(), token.Name, token.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
                }
                console.Write(table);
            });
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateToken(CommandRunner runner)
    {
        var name = CommonOptions.Name("token");
        var command = new Command("create", "Create an API token for yourself; its secret is shown only this once.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var created = await invocation.Client.CreateTokenAsync(new CreateTokenRequest(parse.GetRequiredValue(name)), cancellationToken);
            invocation.Print(created, (console, token) =>
            {
                console.WriteLine($"Created token {token.Name} ({token.Id}). It is shown only this once; keep it now:");
                // Plain Console, not Spectre: a token must never be wrapped or styled.
                Console.Out.WriteLine(token.Token);
            });
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Revoke(CommandRunner runner)
    {
        var id = new Option<Guid>("--id") { Description = "The token's id, from `wb token list`.", Required = true };
        var command = new Command("revoke", "Revoke one of your API tokens; it stops working at once.") { id };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            await invocation.Client.RevokeTokenAsync(parse.GetRequiredValue(id), cancellationToken);
            Console.Out.WriteLine($"Revoked token {parse.GetRequiredValue(id)}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
