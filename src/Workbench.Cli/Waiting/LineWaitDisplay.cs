namespace Workbench.Cli.Waiting;

/// <summary>One line per state change, for logs and pipes, where a spinner would be noise.</summary>
internal sealed class LineWaitDisplay(TextWriter writer) : IWaitDisplay
{
    public Task<T> ShowAsync<T>(string name, Func<Action<string>, Task<T>> wait) =>
        wait(state => writer.WriteLine($"{name}: {state}"));
}
