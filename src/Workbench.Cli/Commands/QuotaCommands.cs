using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb quota ...`: the workspace's vCPU limits per VM family and in total.</summary>
internal static class QuotaCommands
{
    private const string Total = "total";

    public static Command Create(CommandRunner runner) => new("quota", "Show and set the workspace's vCPU quotas.")
    {
        List(runner),
        Set(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "Show vCPUs used and the limit per VM family and in total.");
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListQuotasAsync(invocation.Workspace, cancellationToken), AccessTables.Quotas);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Set(CommandRunner runner)
    {
        var family = new Option<string?>("--family") { Description = "The VM family, such as standardDSv2Family (see `wb size list`)." };
        var total = new Option<bool>("--total") { Description = "Set the limit across all families instead." };
        var vCpus = new Option<int?>("--vcpus") { Description = "The limit in vCPUs." };
        var reset = new Option<bool>("--default") { Description = "Drop the workspace's own limit; the server's default applies again." };
        var command = new Command("set", "Set a family's or the total vCPU limit (quotas/write).") { family, total, vCpus, reset };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(family) is null) == !result.GetValue(total))
            {
                result.AddError("Give either --family F or --total.");
            }
            if ((result.GetValue(vCpus) is null) == !result.GetValue(reset))
            {
                result.AddError("Give either --vcpus N or --default.");
            }
        });
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var target = parse.GetValue(total) ? Total : parse.GetValue(family)!;
            var usage = await invocation.Client.SetQuotaAsync(invocation.Workspace, target, new SetQuotaRequest(parse.GetValue(vCpus)), cancellationToken);
            invocation.Print(usage, AccessTables.Quotas);
            return ExitCodes.Success;
        }));
        return command;
    }
}
