using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Cli.Input;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb user ...`: user administration, and your own password.</summary>
internal static class UserCommands
{
    public static Command Create(CommandRunner runner) => new("user", "Manage users (admins) and your own password.")
    {
        CreateUser(runner),
        SetPassword(runner),
    };

    private static Command CreateUser(CommandRunner runner)
    {
        // Both `wb user create alice` and `wb user create --name alice` read naturally; exactly one is allowed.
        var nameArgument = new Argument<string?>("NAME") { Description = "The new user's name.", Arity = ArgumentArity.ZeroOrOne };
        var nameOption = new Option<string?>("--name", "-n") { Description = "The new user's name." };
        var admin = new Option<bool>("--admin") { Description = "Make the new user an administrator." };
        var role = new Option<string?>("--role", "-r") { Description = "Make them a member of the default workspace with this role (see `wb role list`); without it they join no workspace yet." };
        var passwordStdin = PasswordStdin("Give the new user the password on the first line of stdin, so they can sign in in a browser; without it they have API tokens only.");
        var command = new Command("create", "Create a user and print their API token, which is shown only this once.")
        {
            nameArgument,
            nameOption,
            admin,
            role,
            passwordStdin,
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
            var password = parse.GetValue(passwordStdin) ? PasswordInput.FromStdin("password") : null;
            var created = await invocation.Client.CreateUserAsync(new CreateUserRequest(name, parse.GetValue(admin), password, parse.GetValue(role)), cancellationToken);
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

    private static Command SetPassword(CommandRunner runner)
    {
        var name = new Option<string?>("--name", "-n") { Description = "The user whose password to set (admins only); yourself when left out." };
        var passwordStdin = PasswordStdin(
            "Read the new password from the first line of stdin; when you change your own and have one, the second line is your current password.");
        var command = new Command("set-password", "Set a user's password (admins), or change your own; asks for it on the terminal unless --password-stdin is given.")
        {
            name,
            passwordStdin,
        };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var me = (await invocation.Client.GetMeAsync(cancellationToken)).Value;
            var user = parse.GetValue(name) ?? me.Name;
            var needsCurrent = user == me.Name && !me.IsAdmin && me.HasPassword;
            string password;
            string? current;
            if (parse.GetValue(passwordStdin))
            {
                password = PasswordInput.FromStdin("new password");
                current = needsCurrent ? PasswordInput.FromStdin("current password (the second line)") : null;
            }
            else
            {
                current = needsCurrent ? PasswordInput.Ask("Current password") : null;
                password = PasswordInput.AskNew();
            }
            await invocation.Client.SetPasswordAsync(user, new SetPasswordRequest(password, current), cancellationToken);
            Console.Out.WriteLine($"Set the password of {user}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Option<bool> PasswordStdin(string description) => new("--password-stdin") { Description = description };
}
