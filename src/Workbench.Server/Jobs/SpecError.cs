namespace Workbench.Server.Jobs;

/// <summary>One thing wrong with a job spec: the key (a dotted path such as "resources.cpu"), its line, and what is wrong.</summary>
public sealed record SpecError(string Key, int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
