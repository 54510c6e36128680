using System.CommandLine;

namespace Workbench.Cli.Commands;

/// <summary>Options several verbs share; each command gets its own instance, as System.CommandLine expects.</summary>
internal static class CommonOptions
{
    /// <summary>Every verb names its target with --name/-n, as az does.</summary>
    public static Option<string> Name(string what) => new("--name", "-n")
    {
        Description = $"The {what}'s name.",
        Required = true,
    };

    public static Option<bool> NoWait() => new("--no-wait")
    {
        Description = "Return once the server accepts the request instead of waiting for the outcome.",
    };
}
