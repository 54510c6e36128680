namespace Workbench.Cli.Waiting;

/// <summary>Shows the states an instance passes through while wb waits on it.</summary>
internal interface IWaitDisplay
{
    /// <summary>Runs the wait, handing it a callback to announce each new state.</summary>
    Task<T> ShowAsync<T>(string name, Func<Action<string>, Task<T>> wait);
}
