namespace Workbench.Cli.Waiting;

/// <summary>The state an operation is done at; <see cref="Gone"/> means the instance no longer exists.</summary>
internal sealed record WaitTarget(string Description, string? State)
{
    public static WaitTarget Running { get; } = new("running", "Running");

    public static WaitTarget Stopped { get; } = new("stopped", "Stopped");

    public static WaitTarget Gone { get; } = new("deleted", null);

    public bool IsReachedBy(string state) => State is not null && string.Equals(state, State, StringComparison.OrdinalIgnoreCase);
}
