using Spectre.Console;
using Workbench.Cli.Output;
using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.CliContext;

/// <summary>What a command needs once the global options are resolved: a client, the workspace, and how to print.</summary>
internal sealed record Invocation(WorkbenchClient Client, ConnectionSettings Connection, string Workspace, OutputFormat Output)
{
    public IAnsiConsole Out => Terminal.Stdout;

    /// <summary>Prints the API's exact body for json, or the table the caller draws otherwise.</summary>
    public void Print<T>(ApiResult<T> result, Action<IAnsiConsole, T> drawTable)
    {
        if (Output == OutputFormat.Json)
        {
            PrintJson(result.Json);
        }
        else
        {
            drawTable(Out, result.Value);
        }
    }

    /// <summary>One instance in detail, its app URLs under the server this invocation talks to.</summary>
    public void PrintInstance(ApiResult<ComputeInstanceResource> result) =>
        Print(result, (console, instance) => ComputeTables.Details(console, instance, Connection.Server));

    private static void PrintJson(string json)
    {
        Console.Out.Write(json);
        if (!json.EndsWith('\n'))
        {
            Console.Out.WriteLine();
        }
    }
}
