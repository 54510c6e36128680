using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;
using Workbench.Cli.Waiting;

namespace Workbench.Cli.Commands;

/// <summary>`wb compute ...`: the compute instance verbs.</summary>
internal static class ComputeCommands
{
    public static Command Create(CommandRunner runner) => new("compute", "Create and manage compute instances.")
    {
        CreateComputeCommand.Create(runner),
        List(runner),
        Show(runner),
        Open(runner),
        UpdateComputeCommand.Create(runner),
        ComputeSshCommand.Create(runner),
        ComputeLifecycleCommand.Create(runner, "start", "Start a stopped compute instance.", WaitTarget.Running,
            (client, workspace, name, cancellationToken) => client.StartComputeAsync(workspace, name, cancellationToken)),
        ComputeLifecycleCommand.Create(runner, "stop", "Stop a compute instance; its disk is kept.", WaitTarget.Stopped,
            (client, workspace, name, cancellationToken) => client.StopComputeAsync(workspace, name, cancellationToken)),
        ComputeLifecycleCommand.Create(runner, "restart", "Restart a compute instance.", WaitTarget.Running,
            (client, workspace, name, cancellationToken) => client.RestartComputeAsync(workspace, name, cancellationToken)),
        ComputeLifecycleCommand.Create(runner, "delete", "Delete a compute instance and its disk.", WaitTarget.Gone,
            (client, workspace, name, cancellationToken) => client.DeleteComputeAsync(workspace, name, cancellationToken)),
    };

    private static Command List(CommandRunner runner)
    {
        var mine = new Option<bool>("--mine") { Description = "Only the instances assigned to you." };
        var command = new Command("list", "List the compute instances in the workspace.") { mine };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var instances = await invocation.Client.ListComputesAsync(invocation.Workspace, parse.GetValue(mine), cancellationToken);
            invocation.Print(instances, ComputeTables.List);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var name = CommonOptions.Name("compute instance");
        var command = new Command("show", "Show a compute instance, its app URLs, endpoints and last error.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var instance = await invocation.Client.GetComputeAsync(invocation.Workspace, parse.GetRequiredValue(name), cancellationToken);
            invocation.PrintInstance(instance);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Open(CommandRunner runner)
    {
        var name = CommonOptions.Name("compute instance");
        var app = new Option<string>("--app") { Description = "The app to open.", DefaultValueFactory = _ => "jupyter" };
        var command = new Command("open", "Print the URL of an instance's app (yours only) and open it in a browser where there is one.") { name, app };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var instance = (await invocation.Client.GetComputeAsync(invocation.Workspace, parse.GetRequiredValue(name), cancellationToken)).Value;
            var wanted = parse.GetRequiredValue(app);
            if (!instance.AppUrls.TryGetValue(wanted, out var path))
            {
                throw new CliException(instance.State == "Running"
                    ? $"{instance.Name} has no app '{wanted}'; it has {string.Join(", ", instance.AppUrls.Keys)}."
                    : $"{instance.Name} is {instance.State}; start it first (wb compute start -n {instance.Name}).");
            }
            var url = ComputeTables.AppUrl(invocation.Connection.Server, path);
            Console.WriteLine(url);
            Browser.TryOpen(url);
            return ExitCodes.Success;
        }));
        return command;
    }
}
