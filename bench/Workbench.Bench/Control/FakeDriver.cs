using System.Collections.Concurrent;
using Workbench.Drivers;

namespace Workbench.Bench.Control;

/// <summary>
/// A driver that makes nothing: a start succeeds at once and every started compute is alive, with its
/// one app at <paramref name="endpoint"/> (which answers 200, so the server's real readiness check passes).
/// The control-plane benchmark uses it so that the figures are the server's own, not Jupyter's.
/// With <paramref name="stallStarts"/>, a start never returns: the reconciler's few workers hang on the
/// first instances and write nothing more, which leaves the API's own cost of a create to measure.
/// </summary>
public sealed class FakeDriver(string endpoint, bool stallStarts = false) : IComputeDriver
{
    private const string Handle = """{"fake":true}""";
    private readonly ConcurrentDictionary<Guid, bool> _started = new();
    private readonly Observation.Alive _alive = new(new Dictionary<string, string> { ["jupyter"] = endpoint });
    private long _observations;

    /// <summary>It stands in for the local driver, which instances get unless they ask for another.</summary>
    public string Name => "local";

    /// <summary>How many times the reconciler looked at an instance: it shows how much of its work the periodic resync is.</summary>
    public long Observations => Interlocked.Read(ref _observations);

    public async Task<string> StartAsync(ComputeSpec spec, CancellationToken cancellationToken)
    {
        if (stallStarts)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        _started[spec.ComputeId] = true;
        return Handle;
    }

    public Task<Observation> ObserveAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _observations);
        return Task.FromResult<Observation>(handle is not null || _started.ContainsKey(computeId) ? _alive : new Observation.Gone());
    }

    public Task StopAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        _started.TryRemove(computeId, out _);
        return Task.CompletedTask;
    }

    public Task AuthorizeSshKeyAsync(Guid computeId, string? publicKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> ReadLogTailAsync(Guid computeId, int lines, CancellationToken cancellationToken) => Task.FromResult("");

    public Task ReleaseAsync(Guid computeId, string? handle, CancellationToken cancellationToken) =>
        StopAsync(computeId, handle, cancellationToken);
}
