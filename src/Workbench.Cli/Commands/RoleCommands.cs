using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Cli.Input;
using Workbench.Cli.Output;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb role ...`: role definitions, and who holds which in the workspace (-w).</summary>
internal static class RoleCommands
{
    public static Command Create(CommandRunner runner) => new("role", "List and define roles; assign them to members of the workspace.")
    {
        List(runner),
        Define(runner),
        Delete(runner),
        Assign(runner),
        Unassign(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the role definitions, built-in and custom.");
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListRolesAsync(cancellationToken), AccessTables.Roles);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Define(CommandRunner runner)
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "The role as YAML: name, description, actions, notActions, ownComputesOnly.", Required = true, HelpName = "FILE" };
        var command = new Command("create", "Create or replace a custom role from a YAML file (platform admins).") { file };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            string yaml;
            try
            {
                yaml = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read the role file {path}: {e.Message}");
            }
            var (name, request) = RoleFile.Parse(yaml, path.Name);
            invocation.Print(await invocation.Client.PutRoleAsync(name, request, cancellationToken),
                (console, role) => console.WriteLine($"Role {role.Name}: {string.Join(' ', role.Actions)}{(role.NotActions.Count > 0 ? $" but not {string.Join(' ', role.NotActions)}" : "")}."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var name = new Option<string>("--name", "-n") { Description = "The custom role's name.", Required = true };
        var command = new Command("delete", "Delete a custom role no one holds (platform admins).") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            await invocation.Client.DeleteRoleAsync(parse.GetRequiredValue(name), cancellationToken);
            Console.Out.WriteLine($"Role {parse.GetRequiredValue(name)} deleted.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Assign(CommandRunner runner)
    {
        var user = User();
        var role = new Option<string>("--role", "-r") { Description = "The role's name; see `wb role list`.", Required = true };
        var command = new Command("assign", "Make a user a member of the workspace with a role, replacing any role they had there.") { user, role };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var assigned = await invocation.Client.AssignRoleAsync(invocation.Workspace, parse.GetRequiredValue(user),
                new AssignRoleRequest(parse.GetRequiredValue(role)), cancellationToken);
            invocation.Print(assigned, (console, member) => console.WriteLine($"{member.User} is {member.Role} in {invocation.Workspace}."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Unassign(CommandRunner runner)
    {
        var user = User();
        var command = new Command("unassign", "Take a user's role in the workspace away; they are no longer a member.") { user };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            await invocation.Client.RemoveMemberAsync(invocation.Workspace, parse.GetRequiredValue(user), cancellationToken);
            Console.Out.WriteLine($"{parse.GetRequiredValue(user)} is no longer a member of {invocation.Workspace}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Option<string> User() => new("--user", "-u") { Description = "The user's name.", Required = true };
}
