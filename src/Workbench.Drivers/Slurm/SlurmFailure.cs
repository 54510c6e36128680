namespace Workbench.Drivers.Slurm;

/// <summary>
/// Turns a failed Slurm command into the right error: Slurm being unreachable (its controller down or
/// slow, munge not answering, no config) is <see cref="DriverUnavailableException"/>, to be tried again
/// later; anything else is Slurm refusing the request, a <see cref="DriverException"/>.
/// </summary>
internal static class SlurmFailure
{
    // Slurm's own texts for "could not talk to slurmctld", as its commands print them.
    private static readonly string[] UnreachableTexts =
    [
        "Unable to contact slurm controller",
        "Socket timed out",
        "Zero Bytes were transmitted",
        "Connection refused",
        "connect failure",
        "Communication connection failure",
        "Could not establish a configuration source",
        "Munge",
        "munge",
    ];

    public static Exception From(string command, CommandResult result)
    {
        var text = result.Error.Length > 0 ? result.Error : result.Output.Trim();
        if (text.Length == 0)
        {
            text = $"it exited with code {result.ExitCode} and printed nothing";
        }
        return From(command, text);
    }

    /// <param name="source">What answered (a command, slurmrestd).</param>
    /// <param name="text">What it said.</param>
    public static Exception From(string source, string text) =>
        IsUnreachable(text)
            ? new DriverUnavailableException($"Slurm did not answer: {text}")
            : new DriverException($"Slurm refused it ({source}): {text}");

    public static bool IsUnreachable(string text) => UnreachableTexts.Any(t => text.Contains(t, StringComparison.Ordinal));
}
