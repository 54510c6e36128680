using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.Waiting;

/// <summary>Polls an instance until it reaches the target state, fails, or (when deleting) disappears.</summary>
internal sealed class StateWaiter(WorkbenchClient client, TimeProvider time)
{
    public const string FailedState = "Failed";

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Starts from the instance the operation returned, which already shows the transition the server began
    /// (Starting, Restarting, ...), so a restart is not mistaken for done by its initial Running.
    /// Returns the last observation, or null once a deleted instance is gone.
    /// </summary>
    public async Task<ApiResult<ComputeInstanceResource>?> WaitAsync(
        string workspace, ApiResult<ComputeInstanceResource> accepted, WaitTarget target, Action<string> onStateChange, CancellationToken cancellationToken)
    {
        var current = accepted;
        string? shownState = null;
        while (true)
        {
            var state = current.Value.State;
            if (state != shownState)
            {
                onStateChange(state);
                shownState = state;
            }
            if (target.IsReachedBy(state) || IsFailed(current.Value))
            {
                return current;
            }
            await Task.Delay(PollInterval, time, cancellationToken);
            try
            {
                current = await client.GetComputeAsync(workspace, accepted.Value.Name, cancellationToken);
            }
            catch (WorkbenchApiException notFound) when (notFound.Status == 404 && target == WaitTarget.Gone)
            {
                return null;
            }
        }
    }

    public static bool IsFailed(ComputeInstanceResource instance) =>
        string.Equals(instance.State, FailedState, StringComparison.OrdinalIgnoreCase);
}
