namespace Workbench.Cli;

/// <summary>What wb's exit status means, as shells expect it.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <summary>128 + SIGINT: the user pressed Ctrl+C.</summary>
    public const int Interrupted = 130;
}
