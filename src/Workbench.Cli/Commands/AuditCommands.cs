using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;

namespace Workbench.Cli.Commands;

/// <summary>`wb audit list`: who changed what, newest first.</summary>
internal static class AuditCommands
{
    public static Command Create(CommandRunner runner)
    {
        var user = new Option<string?>("--user") { Description = "Only calls by this user (for sign-ins: the name tried)." };
        var action = new Option<string?>("--action") { Description = "Only this action, such as workspaces/computes/write." };
        var since = new Option<string?>("--since") { Description = "Only calls at or after this time (ISO 8601, such as 2026-11-26T12:00:00Z)." };
        var all = new Option<bool>("--all") { Description = "The whole log, every workspace and sign-ins (platform admins); otherwise the workspace's (-w)." };
        var top = new Option<int>("--top") { Description = "How many rows at most.", DefaultValueFactory = _ => 100 };
        var list = new Command("list", "List recorded calls that changed something (or tried to), newest first.") { user, action, since, all, top };
        list.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var entries = await invocation.Client.ListAuditAsync(parse.GetValue(all) ? null : invocation.Workspace,
                parse.GetValue(user), parse.GetValue(action), parse.GetValue(since), parse.GetValue(top), cancellationToken);
            invocation.Print(entries, AccessTables.Audit);
            return ExitCodes.Success;
        }));
        return new Command("audit", "The audit log: every call that changed something, append-only.") { list };
    }
}
