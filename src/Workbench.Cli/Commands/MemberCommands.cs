using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;

namespace Workbench.Cli.Commands;

/// <summary>`wb member list`: who is in the workspace (-w), with their roles.</summary>
internal static class MemberCommands
{
    public static Command Create(CommandRunner runner)
    {
        var list = new Command("list", "List the workspace's members and their roles.");
        list.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListMembersAsync(invocation.Workspace, cancellationToken), AccessTables.Members);
            return ExitCodes.Success;
        }));
        return new Command("member", "The workspace's members (give them roles with `wb role assign`).") { list };
    }
}
