using System.CommandLine;
using Workbench.Cli.Output;

namespace Workbench.Cli.CliContext;

/// <summary>The options every command accepts, declared once on the root and inherited by all subcommands.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultWorkspace = "default";

    public Option<string?> Server { get; } = new("--server")
    {
        Description = "The Workbench server URL; defaults to WB_SERVER, then the config file.",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The API token; defaults to WB_TOKEN, then the config file.",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string> Workspace { get; } = new("--workspace", "-w")
    {
        Description = "The workspace to act in.",
        DefaultValueFactory = _ => DefaultWorkspace,
        HelpName = "WORKSPACE",
        Recursive = true,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table for people, json for the exact API response.",
        DefaultValueFactory = _ => OutputFormat.Table,
        HelpName = "table|json",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Server, Token, Workspace, Output];
}
