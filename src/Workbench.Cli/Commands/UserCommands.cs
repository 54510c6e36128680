using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb user ...`: user administration.</summary>
internal static class UserCommands
{
    public static Command Create(CommandRunner runner) => new("user", "Manage users (admins only).")
    {
        CreateUser(runner),
    };

    private static Command CreateUser(CommandRunner runner)
    {
        // Both `wb user create alice` and `wb user create --name alice` read naturally; exactly one is allowed.
        var nameArgument = new Argument<string?>("NAME") { Description = "The new user's name.", Arity = ArgumentArity.ZeroOrOne };
        var nameOption = new Option<string?>("--name", "-n") { Description = "The new user's name." };
        var admin = new Option<bool>("--admin") { Description = "Make the new user an administrator." };
        var command = new Command("create", "Create a user and print their API token, which is shown only this once.")
        {
            nameArgument,
            nameOption,
            admin,
        };
        command.Validators.Add(result =>
        {
            var given = new[] { result.GetValue(nameArgument), result.GetValue(nameOption) }.Count(name => name is not null);
            if (given != 1)
            {
                result.AddError("Give the new user's name once, as NAME or as --name.");
            }
        });
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var name = parse.GetValue(nameArgument) ?? parse.GetValue(nameOption);
            var created = await invocation.Client.CreateUserAsync(new CreateUserRequest(name, parse.GetValue(admin)), cancellationToken);
            invocation.Print(created, (console, user) =>
            {
                console.WriteLine($"Created user {user.Name}{(user.IsAdmin ? " (admin)" : "")}. Their API token is shown only this once; keep it now:");
                // Plain Console, not Spectre: a token must never be wrapped or styled.
                Console.Out.WriteLine(user.Token);
            });
            return ExitCodes.Success;
        }));
        return command;
    }
}
