using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Waiting;
using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>Builds start, stop, restart and delete, which differ only in the call they make and the state they wait for.</summary>
internal static class ComputeLifecycleCommand
{
    public delegate Task<ApiResult<ComputeInstanceResource>> Operation(
        WorkbenchClient client, string workspace, string name, CancellationToken cancellationToken);

    public static Command Create(CommandRunner runner, string verb, string description, WaitTarget target, Operation operation)
    {
        var name = CommonOptions.Name("compute instance");
        var noWait = CommonOptions.NoWait();
        var command = new Command(verb, $"{description} Waits until it is {target.Description} unless --no-wait.")
        {
            name,
            noWait,
        };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var accepted = await operation(invocation.Client, invocation.Workspace, parse.GetRequiredValue(name), cancellationToken);
            return await OperationCompletion.FinishAsync(invocation, accepted, target, parse.GetValue(noWait), cancellationToken);
        }));
        return command;
    }
}
