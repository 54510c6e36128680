using Spectre.Console;

namespace Workbench.Cli.Waiting;

/// <summary>A spinner with the current state, for a terminal, where a line per poll would scroll the useful output away.</summary>
internal sealed class SpinnerWaitDisplay(IAnsiConsole console) : IWaitDisplay
{
    public Task<T> ShowAsync<T>(string name, Func<Action<string>, Task<T>> wait) =>
        console.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync(Markup.Escape($"{name}: waiting"), context => wait(state => context.Status(Markup.Escape($"{name}: {state}"))));
}
