using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb workspace ...`: the workspaces you are a member of; platform admins create and delete them.</summary>
internal static class WorkspaceCommands
{
    public static Command Create(CommandRunner runner) => new("workspace", "Create, list, show, change and delete workspaces.")
    {
        CreateWorkspace(runner),
        List(runner),
        Show(runner),
        Update(runner),
        Delete(runner),
    };

    private static Command CreateWorkspace(CommandRunner runner)
    {
        var name = CommonOptions.Name("workspace");
        var release = new Option<bool>("--release-quota-on-stop") { Description = "Stopped instances give their vCPUs back to the quota (and take them again on start)." };
        var command = new Command("create", "Create a workspace (platform admins); you become its Owner.") { name, release };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var created = await invocation.Client.PutWorkspaceAsync(parse.GetRequiredValue(name), new PutWorkspaceRequest(parse.GetValue(release)), cancellationToken);
            invocation.Print(created, AccessTables.Workspace);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the workspaces you are a member of (platform admins: all).");
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListWorkspacesAsync(cancellationToken), AccessTables.Workspaces);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var name = CommonOptions.Name("workspace");
        var command = new Command("show", "Show a workspace and your role in it.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.GetWorkspaceAsync(parse.GetRequiredValue(name), cancellationToken), AccessTables.Workspace);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Update(CommandRunner runner)
    {
        var name = CommonOptions.Name("workspace");
        var release = new Option<bool>("--release-quota-on-stop") { Description = "true: stopped instances give their vCPUs back; false: they keep them.", Required = true };
        var command = new Command("update", "Change a workspace's settings.") { name, release };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var changed = await invocation.Client.PutWorkspaceAsync(parse.GetRequiredValue(name), new PutWorkspaceRequest(parse.GetValue(release)), cancellationToken);
            invocation.Print(changed, AccessTables.Workspace);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var name = CommonOptions.Name("workspace");
        var command = new Command("delete", "Delete a workspace that has no computes left, with its members and quotas.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            await invocation.Client.DeleteWorkspaceAsync(parse.GetRequiredValue(name), cancellationToken);
            Console.Out.WriteLine($"Deleted workspace {parse.GetRequiredValue(name)}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
