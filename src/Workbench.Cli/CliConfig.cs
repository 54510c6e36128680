namespace Workbench.Cli;

/// <summary>What `wb login` remembers between runs.</summary>
internal sealed record CliConfig(string? Server, string? Token);
