using Spectre.Console;
using Workbench.Cli.Output;

namespace Workbench.Cli.Input;

/// <summary>Reads user names and passwords: passwords from stdin for scripts, else from a prompt on the terminal that does not show them.</summary>
internal static class PasswordInput
{
    /// <summary>The next line of stdin, without its line ending: what --password-stdin promises.</summary>
    public static string FromStdin(string what)
    {
        var line = Console.In.ReadLine();
        return string.IsNullOrEmpty(line)
            ? throw new CliException($"--password-stdin was given but stdin holds no {what}; pipe it in, as in `printf '%s\\n' \"$PASSWORD\" | wb ...`.")
            : line;
    }

    /// <summary>Asks on the terminal without echoing what is typed.</summary>
    public static string Ask(string label) =>
        Prompt(new TextPrompt<string>($"{label}:").Secret(null), label);

    /// <summary>Asks for a new password twice, so a typo does not become the password.</summary>
    public static string AskNew()
    {
        var password = Ask("New password");
        return password == Ask("New password again") ? password : throw new CliException("the two passwords differ; nothing was changed.");
    }

    public static string AskUserName() => Prompt(new TextPrompt<string>("User name:"), "user name");

    private static string Prompt(TextPrompt<string> prompt, string what) =>
        Console.IsInputRedirected
            ? throw new CliException($"there is no terminal to ask for the {what.ToLowerInvariant()} on; pass it as an option, or the password with --password-stdin.")
            // On stderr, so stdout holds only the command's output (-o json stays parseable).
            : Terminal.Stderr.Prompt(prompt);
}
