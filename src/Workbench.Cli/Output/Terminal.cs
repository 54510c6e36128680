using Spectre.Console;

namespace Workbench.Cli.Output;

/// <summary>Spectre consoles over stdout and stderr, sized sensibly whether or not a terminal is attached.</summary>
internal static class Terminal
{
    // Piped output has no terminal width; Spectre's fallback of 80 columns would wrap URLs and names, breaking grep and awk.
    private const int PipedWidth = 240;

    public static IAnsiConsole Stdout { get; } = Create(Console.Out, Console.IsOutputRedirected);

    public static IAnsiConsole Stderr { get; } = Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = PipedWidth;
        }
        return console;
    }
}
