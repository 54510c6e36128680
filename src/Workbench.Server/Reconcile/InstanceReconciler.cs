using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workbench.Domain.Catalog;
using Workbench.Domain.Computes;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Server.Catalog;
using Workbench.Server.Jobs;
using Workbench.Server.Shares;
using Workbench.Server.Store;

namespace Workbench.Server.Reconcile;

/// <summary>
/// Drives one instance from what it is towards what its user wants. Level-triggered: it looks at the
/// stored instance and the driver's observation, never at what just happened, so running it again
/// (after a crash, twice in a row) is always safe. Each instance runs on the driver it was created
/// with; while that driver's backend does not answer, the instance keeps its state and records the
/// error (shown as Unknown), and is looked at again until the backend answers.
/// </summary>
public sealed partial class InstanceReconciler(
    WorkbenchDbContext db,
    InstanceDrivers drivers,
    SizeCatalog sizes,
    ImageCatalog images,
    WorkspaceShares shares,
    AppSecrets secrets,
    ReadinessProbe readiness,
    DispatchQueue dispatch,
    IOptions<WorkbenchOptions> options,
    TimeProvider time,
    ILogger<InstanceReconciler> logger)
{
    /// <summary>How often a starting instance is looked at; its apps usually answer within a second.</summary>
    public static readonly TimeSpan StartingPoll = TimeSpan.FromMilliseconds(20);
    /// <summary>How often an instance is looked at while its driver says it waits (a Slurm job in the queue).</summary>
    private static readonly TimeSpan QueuedPoll = TimeSpan.FromSeconds(1);
    /// <summary>How often an instance is looked at while its driver's backend does not answer.</summary>
    private static readonly TimeSpan UnknownPoll = TimeSpan.FromSeconds(5);
    private const int LogLinesInErrors = 20;

    public async Task<ReconcileResult> ReconcileAsync(Guid id, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null)
        {
            return ReconcileResult.Done;
        }
        try
        {
            return await ReconcileStateAsync(instance, cancellationToken);
        }
        catch (DriverUnavailableException e)
        {
            return await UnreachableAsync(instance, e.Message, cancellationToken);
        }
    }

    private async Task<ReconcileResult> ReconcileStateAsync(ComputeInstance instance, CancellationToken cancellationToken) =>
        instance.DesiredState switch
        {
            DesiredState.Deleted => await DeleteAsync(instance, cancellationToken),
            DesiredState.Stopped => await StopAsync(instance, cancellationToken),
            _ => instance.State switch
            {
                InstanceState.Restarting => await RestartAsync(instance, cancellationToken),
                InstanceState.Creating or InstanceState.Starting => await AdvanceStartAsync(instance, cancellationToken),
                InstanceState.Running => await WatchRunningAsync(instance, cancellationToken),
                _ => ReconcileResult.Done,
            },
        };

    private async Task<ReconcileResult> DeleteAsync(ComputeInstance instance, CancellationToken cancellationToken)
    {
        await Driver(instance).ReleaseAsync(instance.Id, instance.DriverHandle, cancellationToken);
        secrets.Delete(instance.Id);
        db.Instances.Remove(instance);
        await db.SaveChangesAsync(cancellationToken);
        Log.Deleted(logger, instance.Workspace, instance.Name);
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> StopAsync(ComputeInstance instance, CancellationToken cancellationToken)
    {
        if (instance.State is not InstanceState.Stopping)
        {
            return ReconcileResult.Done;
        }
        await Driver(instance).StopAsync(instance.Id, instance.DriverHandle, cancellationToken);
        instance.Stopped(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> RestartAsync(ComputeInstance instance, CancellationToken cancellationToken)
    {
        await Driver(instance).StopAsync(instance.Id, instance.DriverHandle, cancellationToken);
        instance.Relaunching(null, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ReconcileResult.After(TimeSpan.Zero);
    }

    private async Task<ReconcileResult> AdvanceStartAsync(ComputeInstance instance, CancellationToken cancellationToken)
    {
        if (images.Find(instance.Image) is not { } image)
        {
            await Driver(instance).StopAsync(instance.Id, instance.DriverHandle, cancellationToken);
            return await FailAsync(instance, $"Image '{instance.Image}' is no longer in the catalog.", cancellationToken);
        }
        if (instance.DriverHandle is null)
        {
            return await LaunchAsync(instance, image, cancellationToken);
        }
        var observation = await Driver(instance).ObserveAsync(instance.Id, instance.DriverHandle, cancellationToken);
        await AnsweredAsync(instance, observation, cancellationToken);
        switch (observation)
        {
            case Observation.Alive alive:
                await AuthorizeSshKeyAsync(instance, alive, cancellationToken);
                if (await readiness.AllReadyAsync(image, instance.Workspace, instance.Name, alive.Endpoints, secrets.GetOrCreate(instance.Id), cancellationToken))
                {
                    instance.BecameReady(alive.Endpoints, time.GetUtcNow());
                    await db.SaveChangesAsync(cancellationToken);
                    Log.Ready(logger, instance.Workspace, instance.Name);
                    // Its queued jobs (kept while it was stopped) may start now.
                    dispatch.Enqueue(new TargetKey(instance.Workspace, TargetKind.Instance, instance.NameKey));
                    return ReconcileResult.Done;
                }
                if (time.GetUtcNow() - instance.StartRequestedAt > options.Value.InstanceStartTimeout)
                {
                    await Driver(instance).StopAsync(instance.Id, instance.DriverHandle, cancellationToken);
                    return await FailAsync(instance, $"Its apps did not answer their readiness checks within {options.Value.InstanceStartTimeout.TotalSeconds:0} s.", cancellationToken);
                }
                return ReconcileResult.After(StartingPoll);
            case Observation.Starting:
                return ReconcileResult.After(QueuedPoll);
            case Observation.Unknown unknown:
                return await UnreachableAsync(instance, unknown.Error, cancellationToken);
            case Observation.Exited exited:
                // Clears what may remain (cgroups, a stray child) before the user starts it again.
                await Driver(instance).StopAsync(instance.Id, instance.DriverHandle, cancellationToken);
                return await FailAsync(instance, $"The instance failed to start. {exited.Reason}", cancellationToken);
            default:
                instance.Relaunching("The driver had no trace of the instance; starting it again.", time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return ReconcileResult.After(TimeSpan.Zero);
        }
    }

    private async Task<ReconcileResult> LaunchAsync(ComputeInstance instance, ImageDefinition image, CancellationToken cancellationToken)
    {
        string handle;
        try
        {
            handle = await Driver(instance).StartAsync(SpecOf(instance, image), cancellationToken);
        }
        catch (DriverException e)
        {
            // Whatever the failed start left running goes, so a later start begins clean.
            await Driver(instance).StopAsync(instance.Id, null, cancellationToken);
            return await FailAsync(instance, e.Message, cancellationToken);
        }
        instance.Launched(handle, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        Log.Launched(logger, instance.Workspace, instance.Name);
        return ReconcileResult.After(StartingPoll);
    }

    private async Task<ReconcileResult> WatchRunningAsync(ComputeInstance instance, CancellationToken cancellationToken)
    {
        var observation = await Driver(instance).ObserveAsync(instance.Id, instance.DriverHandle, cancellationToken);
        await AnsweredAsync(instance, observation, cancellationToken);
        if (observation is Observation.Alive alive)
        {
            await AuthorizeSshKeyAsync(instance, alive, cancellationToken);
            return ReconcileResult.Done;
        }
        if (observation is Observation.Unknown unknown)
        {
            return await UnreachableAsync(instance, unknown.Error, cancellationToken);
        }
        var reason = observation switch
        {
            Observation.Exited exited => exited.Reason,
            Observation.Starting starting => starting.Reason,
            _ => "Its processes are gone.",
        };
        Log.DiedRestarting(logger, instance.Workspace, instance.Name, reason);
        await Driver(instance).StopAsync(instance.Id, instance.DriverHandle, cancellationToken);
        instance.Relaunching($"The instance stopped unexpectedly and was started again. {reason}", time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ReconcileResult.After(TimeSpan.Zero);
    }

    /// <summary>
    /// A running SSH server takes the key the owner wants now (or none), so a key change needs no restart.
    /// An instance started without one gets one at its next start.
    /// </summary>
    private Task AuthorizeSshKeyAsync(ComputeInstance instance, Observation.Alive alive, CancellationToken cancellationToken) =>
        alive.Endpoints.ContainsKey(SshAccess.EndpointName)
            ? Driver(instance).AuthorizeSshKeyAsync(instance.Id, instance.SshPublicKey, cancellationToken)
            : Task.CompletedTask;

    private IComputeDriver Driver(ComputeInstance instance) => drivers.Of(instance.Driver);

    /// <summary>Nothing is known, so only the error is recorded: the instance may well still run. Looked at again shortly.</summary>
    private async Task<ReconcileResult> UnreachableAsync(ComputeInstance instance, string error, CancellationToken cancellationToken)
    {
        Log.Unknown(logger, instance.Workspace, instance.Name, error);
        instance.DriverUnreachable(error, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ReconcileResult.After(UnknownPoll);
    }

    /// <summary>A driver that answers again clears the error it left.</summary>
    private async Task AnsweredAsync(ComputeInstance instance, Observation observation, CancellationToken cancellationToken)
    {
        if (observation is not Observation.Unknown && instance.DriverError is not null)
        {
            instance.DriverAnswered(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<ReconcileResult> FailAsync(ComputeInstance instance, string reason, CancellationToken cancellationToken)
    {
        var tail = await Driver(instance).ReadLogTailAsync(instance.Id, LogLinesInErrors, cancellationToken);
        var error = tail.Length == 0 ? reason : $"{reason}\nLast lines of the instance log:\n{tail}";
        instance.Failed(error, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        Log.Failed(logger, instance.Workspace, instance.Name, reason);
        return ReconcileResult.Done;
    }

    private ComputeSpec SpecOf(ComputeInstance instance, ImageDefinition image)
    {
        var size = sizes.Find(instance.Size)
            ?? throw new DriverException($"Size '{instance.Size}' is no longer in the catalog.");
        var baseUrls = image.Apps.ToDictionary(a => a.Name, a => AppPaths.BaseUrl(instance.Workspace, instance.Name, a.Name));
        return new ComputeSpec(instance.Id, instance.Workspace, instance.Name, instance.Owner, size, image, baseUrls,
            secrets.GetOrCreate(instance.Id), shares.PathOf(instance.Workspace), instance.SshPublicKey, instance.Partition);
    }

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Information, "Launched instance {Workspace}/{Name}")]
        public static partial void Launched(ILogger logger, string workspace, string name);

        [LoggerMessage(2002, LogLevel.Information, "Instance {Workspace}/{Name} is ready")]
        public static partial void Ready(ILogger logger, string workspace, string name);

        [LoggerMessage(2003, LogLevel.Warning, "Instance {Workspace}/{Name} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string workspace, string name, string reason);

        [LoggerMessage(2004, LogLevel.Warning, "Instance {Workspace}/{Name} died while it should run; starting it again. {Reason}")]
        public static partial void DiedRestarting(ILogger logger, string workspace, string name, string reason);

        [LoggerMessage(2005, LogLevel.Information, "Deleted instance {Workspace}/{Name}")]
        public static partial void Deleted(ILogger logger, string workspace, string name);

        [LoggerMessage(2006, LogLevel.Warning, "Instance {Workspace}/{Name}: its driver cannot tell its state; looking again shortly. {Error}")]
        public static partial void Unknown(ILogger logger, string workspace, string name, string error);
    }
}
