namespace Workbench.Cli.Output;

/// <summary>How results are printed: tables for people, the API's own JSON for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
