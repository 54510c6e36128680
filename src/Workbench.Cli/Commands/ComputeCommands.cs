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
        Log(runner),
        Events(runner),
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

    private static Command Log(CommandRunner runner)
    {
        var name = CommonOptions.Name("compute instance");
        var lines = new Option<int>("--lines") { Description = "How many of the last lines (1-1000).", DefaultValueFactory = _ => 200 };
        var command = new Command("log", "Print the last lines its apps and SSH server wrote.") { name, lines };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            await using var stdout = Console.OpenStandardOutput();
            await invocation.Client.CopyComputeLogAsync(invocation.Workspace, parse.GetRequiredValue(name), parse.GetValue(lines), stdout, cancellationToken);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Events(CommandRunner runner)
    {
        var name = CommonOptions.Name("compute instance");
        var top = new Option<int>("--top") { Description = "How many at most (1-200).", DefaultValueFactory = _ => 50 };
        var command = new Command("events", "List what was done to it, by whom and with what outcome, newest first.") { name, top };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var events = await invocation.Client.ListComputeEventsAsync(invocation.Workspace, parse.GetRequiredValue(name), parse.GetValue(top), cancellationToken);
            invocation.Print(events, AccessTables.Audit);
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
