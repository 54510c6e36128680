using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb cluster ...`: batch clusters that scale between min and max nodes and run jobs.</summary>
internal static class ClusterCommands
{
    public static Command Create(CommandRunner runner) => new("cluster", "Create and manage compute clusters, which scale out for queued jobs.")
    {
        CreateCluster(runner),
        List(runner),
        Show(runner),
        Update(runner),
        Delete(runner),
    };

    /// <summary>The options create and update share: how far the cluster scales, how fast it shrinks, its tier.</summary>
    private sealed class ScaleOptions
    {
        public Option<int?> MinNodes { get; } = new("--min-nodes") { Description = "Nodes kept even when idle (default 0).", HelpName = "N" };
        public Option<int?> MaxNodes { get; } = new("--max-nodes") { Description = "The most nodes it scales out to.", HelpName = "N" };
        public Option<int?> IdleSeconds { get; } = new("--idle-seconds-before-scaledown")
        {
            Description = "Seconds a node stays idle before it leaves (default 120).",
            HelpName = "SECONDS",
        };
        public Option<string?> Tier { get; } = new("--tier") { Description = "dedicated (the default) or lowPriority." };

        public void AddTo(Command command)
        {
            command.Add(MinNodes);
            command.Add(MaxNodes);
            command.Add(IdleSeconds);
            command.Add(Tier);
        }

        public ClusterRequest Request(ParseResult parse, string? size = null, string? driver = null, string? partition = null) =>
            new(size, parse.GetValue(MinNodes), parse.GetValue(MaxNodes), parse.GetValue(IdleSeconds), parse.GetValue(Tier), driver, partition);
    }

    private static Command CreateCluster(CommandRunner runner)
    {
        var name = CommonOptions.Name("cluster");
        var size = new Option<string>("--size") { Description = "The size of each node; see `wb size list`.", Required = true };
        var driver = new Option<string?>("--driver") { Description = "local (nodes are slices of the server's machine, the default) or slurm." };
        var partition = new Option<string?>("--partition") { Description = "The Slurm partition its nodes come from (slurm only)." };
        var scale = new ScaleOptions();
        scale.MaxNodes.Required = true;
        var command = new Command("create", "Create a cluster; nodes appear when jobs are queued on it.") { name, size, driver, partition };
        scale.AddTo(command);
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var request = scale.Request(parse, parse.GetRequiredValue(size), parse.GetValue(driver), parse.GetValue(partition));
            invocation.Print(await invocation.Client.PutClusterAsync(invocation.Workspace, parse.GetRequiredValue(name), request, cancellationToken), ClusterTables.Details);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Update(CommandRunner runner)
    {
        var name = CommonOptions.Name("cluster");
        var scale = new ScaleOptions();
        var command = new Command("update", "Change a cluster's min/max nodes, idle time or tier; what is not given stays.") { name };
        scale.AddTo(command);
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var clusterName = parse.GetRequiredValue(name);
            // PUT creates when the name is free, so an update first makes sure the cluster exists (a 404 ends it here).
            await invocation.Client.GetClusterAsync(invocation.Workspace, clusterName, cancellationToken);
            invocation.Print(await invocation.Client.PutClusterAsync(invocation.Workspace, clusterName, scale.Request(parse), cancellationToken), ClusterTables.Details);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the clusters in the workspace.");
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListClustersAsync(invocation.Workspace, cancellationToken), ClusterTables.List);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var name = CommonOptions.Name("cluster");
        var command = new Command("show", "Show a cluster, its nodes with their jobs, and why scale-out waits if it does.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.GetClusterAsync(invocation.Workspace, parse.GetRequiredValue(name), cancellationToken), ClusterTables.Details);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var name = CommonOptions.Name("cluster");
        var command = new Command("delete", "Delete a cluster (refused while it has jobs that have not ended); its nodes leave.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.DeleteClusterAsync(invocation.Workspace, parse.GetRequiredValue(name), cancellationToken), ClusterTables.Details);
            return ExitCodes.Success;
        }));
        return command;
    }
}
