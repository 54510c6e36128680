using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;

namespace Workbench.Cli.Commands;

/// <summary>`wb size list` and `wb image list`: what a compute instance can be made of.</summary>
internal static class CatalogCommands
{
    public static Command CreateSize(CommandRunner runner)
    {
        var list = new Command("list", "List the machine sizes a compute instance can have.");
        list.SetAction(runner.Connected(async (_, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListSizesAsync(cancellationToken), CatalogTables.Sizes);
            return ExitCodes.Success;
        }));
        return new Command("size", "Browse the size catalog.") { list };
    }

    public static Command CreateImage(CommandRunner runner)
    {
        var list = new Command("list", "List the environment images a compute instance can run.");
        list.SetAction(runner.Connected(async (_, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListImagesAsync(cancellationToken), CatalogTables.Images);
            return ExitCodes.Success;
        }));
        return new Command("image", "Browse the image catalog.") { list };
    }
}
