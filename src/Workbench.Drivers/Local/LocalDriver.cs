using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Local;

/// <summary>
/// Runs each compute as a process tree on this host: its own session, a bubblewrap sandbox and
/// cgroup limits, with a job agent in the sandbox that runs its jobs (<see cref="JobAgent"/>). Processes outlive the server; the folder of each compute holds what is needed to
/// find them again, and a lock in it makes sure a compute never runs twice.
/// </summary>
public sealed partial class LocalDriver : IComputeDriver
{
    private const UnixFileMode OwnerOnly = LaunchFolder.OwnerOnly;
    private const UnixFileMode OwnerExecutable = LaunchFolder.OwnerExecutable;

    private readonly LocalDriverOptions _options;
    private readonly ILogger<LocalDriver> _logger;
    private readonly Lazy<CgroupHost> _cgroups;

    public LocalDriver(IOptions<LocalDriverOptions> options, ILogger<LocalDriver> logger)
    {
        _options = options.Value;
        _logger = logger;
        _cgroups = new Lazy<CgroupHost>(() => CgroupHost.Detect(logger));
        Directory.CreateDirectory(_options.StateDir, OwnerExecutable);
    }

    public string Name => "local";

    public async Task<string> StartAsync(ComputeSpec spec, CancellationToken cancellationToken)
    {
        var folder = Folder(spec.ComputeId);
        if (folder.IsLocked())
        {
            // Its launcher holds the folder: the instance runs, or is starting. Never a second copy.
            var running = await Launcher.WaitForLeaderAsync(folder, "instance", launched: false, cancellationToken);
            var known = ReadHandle(folder) ?? throw new DriverException("The instance runs but its handle.json is missing.");
            return (known with { Pid = running.Pid, StartTime = running.StartTime }).ToJson();
        }
        HostPrograms.Require(_options.BubblewrapPath, spec);

        folder.CreatePrivateFolders();
        folder.ResetTmp();
        Directory.CreateDirectory(spec.SharePath);
        var home = Sandbox.HomeOf(spec.Owner);
        var ports = spec.Image.Apps.ToDictionary(a => a.Name, _ => PortAllocator.Allocate());
        var sshAddress = spec.SshPublicKey is null ? null : _options.SshListenAddress;
        if (sshAddress is not null)
        {
            ports[SshAccess.EndpointName] = PortAllocator.Allocate();
            var listen = new IPEndPoint(IPAddress.Parse(sshAddress), ports[SshAccess.EndpointName]);
            await SshServer.PrepareAsync(folder, spec, home, listen, cancellationToken);
        }
        var cgroups = _cgroups.Value.Create(spec.ComputeId, spec.Size.VCpus, spec.Size.MemoryGiB);
        AtomicFile.Write(folder.AppsScript, LaunchScripts.Apps(spec, home, ports), OwnerExecutable);
        JobAgent.Prepare(folder);
        var layout = new SandboxLayout(spec.Name.ToLowerInvariant(), spec.Owner, folder.Home, folder.Tmp, spec.SharePath,
            new Dictionary<string, string> { [LaunchScripts.AppsScriptName] = folder.AppsScript, [JobAgent.ScriptName] = folder.JobAgentScript })
        {
            ExtraArguments = [.. JobAgent.SandboxArguments(folder), .. sshAddress is null ? [] : SshServer.SandboxArguments(folder)],
        };
        var sandbox = Sandbox.Command(_options.BubblewrapPath, layout, "/bin/sh", "-c", JobAgent.StartThen(LaunchScripts.AppsScriptInSandbox));
        AtomicFile.Write(folder.RunScript, LaunchScripts.Run(folder, cgroups, sandbox), OwnerExecutable);
        // Written before the launch, so a stop after a crash at any later point still knows the cgroups.
        var prepared = new LocalHandle(0, 0, ports, cgroups, sshAddress);
        AtomicFile.Write(folder.Handle, prepared.ToJson(), OwnerOnly);
        File.Delete(folder.Leader);

        // The app token reaches the instance through its environment, never a command line. The instance
        // outlives this process object: its leader file is what the driver follows.
        Launcher.Start(folder, new Dictionary<string, string> { [AppsScript.TokenVariable] = spec.AppToken }).Dispose();
        var leader = await Launcher.WaitForLeaderAsync(folder, "instance", launched: true, cancellationToken);
        var handle = prepared with { Pid = leader.Pid, StartTime = leader.StartTime };
        AtomicFile.Write(folder.Handle, handle.ToJson(), OwnerOnly);
        Log.Started(_logger, spec.ComputeId, leader.Pid, _cgroups.Value.Mode);
        return handle.ToJson();
    }

    public Task<Observation> ObserveAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var folder = Folder(computeId);
        var known = LocalHandle.FromJson(handle) ?? ReadHandle(folder);
        if (known is null || !folder.Exists)
        {
            return Task.FromResult<Observation>(new Observation.Gone());
        }
        if (known.Leader.IsAlive)
        {
            return Task.FromResult<Observation>(new Observation.Alive(known.Endpoints));
        }
        var code = folder.ReadExitStatus();
        var reason = code is { } c ? $"Its processes exited with status {c}." : "Its processes are gone.";
        return Task.FromResult<Observation>(new Observation.Exited(code, reason));
    }

    public Task<string> ReadLogTailAsync(Guid computeId, int lines, CancellationToken cancellationToken) =>
        Task.FromResult(LogTail.Read(Folder(computeId).Log, lines));

    public async Task StopAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        var folder = Folder(computeId);
        var known = LocalHandle.FromJson(handle) ?? ReadHandle(folder);
        var leader = folder.ReadLeader() ?? known?.Leader;
        var cgroups = (known?.Cgroups ?? []).Union(_cgroups.Value.DirsOf(computeId)).ToList();
        // The leader's tree, the cgroups' members, and anything still running from the folder's scripts:
        // a launcher whose leader file was never written is found too.
        IReadOnlyList<ProcStat> Members() => ProcessTree.Members(leader,
            CgroupHost.Members(cgroups).Concat(ProcessTree.CommandLinesContaining(folder.Root + "/")));

        await ProcessTree.TerminateAsync(Members, _options.StopGracePeriod, () => Log.Killing(_logger, computeId, _options.StopGracePeriod), cancellationToken);
        // The kernel frees a group a moment after its last process exits.
        await Polling.UntilAsync(() => CgroupHost.Remove(cgroups), ProcessTree.KillTimeout, cancellationToken);
        Log.Stopped(_logger, computeId);
    }

    public Task AuthorizeSshKeyAsync(Guid computeId, string? publicKey, CancellationToken cancellationToken)
    {
        if (SshServer.Authorize(Folder(computeId), publicKey))
        {
            Log.SshKeyChanged(_logger, computeId);
        }
        return Task.CompletedTask;
    }

    public async Task ReleaseAsync(Guid computeId, string? handle, CancellationToken cancellationToken)
    {
        await StopAsync(computeId, handle, cancellationToken);
        Folder(computeId).Delete();
        Log.Released(_logger, computeId);
    }

    private InstanceFolder Folder(Guid computeId) => new(_options, computeId);

    private static LocalHandle? ReadHandle(InstanceFolder folder) => HandleJson.Read<LocalHandle>(folder.Handle);

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Started compute {ComputeId}: leader pid {Pid}, cgroups {CgroupMode}")]
        public static partial void Started(ILogger logger, Guid computeId, int pid, string cgroupMode);

        [LoggerMessage(1102, LogLevel.Warning, "Compute {ComputeId} did not stop within {Grace} of SIGTERM; sending SIGKILL")]
        public static partial void Killing(ILogger logger, Guid computeId, TimeSpan grace);

        [LoggerMessage(1103, LogLevel.Information, "Stopped compute {ComputeId}; no process of it is left")]
        public static partial void Stopped(ILogger logger, Guid computeId);

        [LoggerMessage(1104, LogLevel.Information, "Released compute {ComputeId}: its folder and home are deleted")]
        public static partial void Released(ILogger logger, Guid computeId);

        [LoggerMessage(1105, LogLevel.Information, "Compute {ComputeId}: its SSH server takes the new key from the next login on")]
        public static partial void SshKeyChanged(ILogger logger, Guid computeId);
    }
}
