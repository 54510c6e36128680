using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;
using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.Waiting;

/// <summary>What every compute operation does once the server accepted it: wait unless told not to, then report the outcome.</summary>
internal static class OperationCompletion
{
    public static async Task<int> FinishAsync(
        Invocation invocation, ApiResult<ComputeInstanceResource> accepted, WaitTarget target, bool noWait, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            invocation.PrintInstance(accepted);
            return ExitCodes.Success;
        }
        var name = accepted.Value.Name;
        var waiter = new StateWaiter(invocation.Client, TimeProvider.System);
        ApiResult<ComputeInstanceResource>? last;
        try
        {
            last = await DisplayFor(invocation.Output).ShowAsync(
                name, onStateChange => waiter.WaitAsync(invocation.Workspace, accepted, target, onStateChange, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Stopped waiting; the server goes on until {name} is {target.Description}. See `wb compute show --name {name}`.");
            return ExitCodes.Interrupted;
        }
        return Report(invocation, accepted, last);
    }

    private static int Report(Invocation invocation, ApiResult<ComputeInstanceResource> accepted, ApiResult<ComputeInstanceResource>? last)
    {
        if (last is null)
        {
            // Nothing is left to show; json callers get the object the delete returned.
            invocation.Print(accepted, (console, instance) => console.WriteLine($"Deleted {instance.Name}."));
            return ExitCodes.Success;
        }
        invocation.PrintInstance(last);
        if (StateWaiter.IsFailed(last.Value))
        {
            Console.Error.WriteLine($"error: {last.Value.Name} failed: {last.Value.Error ?? "the server gave no reason"}");
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// Progress goes where the result goes for tables, but to stderr for json, so stdout stays exactly the API's object.
    /// </summary>
    private static IWaitDisplay DisplayFor(OutputFormat output) => output == OutputFormat.Json
        ? Console.IsErrorRedirected ? new LineWaitDisplay(Console.Error) : new SpinnerWaitDisplay(Terminal.Stderr)
        : Console.IsOutputRedirected ? new LineWaitDisplay(Console.Out) : new SpinnerWaitDisplay(Terminal.Stdout);
}
