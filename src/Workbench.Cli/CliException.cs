namespace Workbench.Cli;

/// <summary>A problem on the user's side of the wire (settings, config file) whose message is the whole story.</summary>
internal sealed class CliException(string message) : Exception(message);
