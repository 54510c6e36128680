using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Local;

/// <summary>
/// Runs each compute as a process tree on this host: its own session, a bubblewrap sandbox and
/// cgroup limits. Processes outlive the server; the folder of each compute holds what is needed to
/// find them again, and a lock in it makes sure a compute never runs twice.
/// </summary>
public sealed partial class LocalDriver : IComputeDriver
{
    private static readonly TimeSpan LeaderTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerExecutable = OwnerOnly | UnixFileMode.UserExecute;

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
            var running = await WaitForLeaderAsync(folder, cancellationToken);
            var known = ReadHandle(folder) ?? throw new DriverException("The instance runs but its handle.json is missing.");
            return (known with { Pid = running.Pid, StartTime = running.StartTime }).ToJson();
        }
        HostPrograms.Require(_options.BubblewrapPath, spec);

        folder.CreatePrivateFolders();
        folder.ResetTmp();
        Directory.CreateDirectory(spec.SharePath);
        var home = $"/home/{spec.Owner}";
        var ports = spec.Image.Apps.ToDictionary(a => a.Name, _ => PortAllocator.Allocate());
        var sshAddress = spec.SshPublicKey is null ? null : _options.SshListenAddress;
        if (sshAddress is not null)
        {
            ports[SshAccess.EndpointName] = PortAllocator.Allocate();
            var listen = new IPEndPoint(IPAddress.Parse(sshAddress), ports[SshAccess.EndpointName]);
            await SshServer.PrepareAsync(folder, spec, home, listen, cancellationToken);
        }
        var cgroups = _cgroups.Value.Create(spec.ComputeId, spec.Size.VCpus, spec.Size.MemoryGiB);
        InstanceFolder.WriteAtomically(folder.AppsScript, LaunchScripts.Apps(spec, home, ports), OwnerExecutable);
        var sandbox = Sandbox.Command(_options.BubblewrapPath, spec, folder, home);
        InstanceFolder.WriteAtomically(folder.RunScript, LaunchScripts.Run(folder, cgroups, sandbox), OwnerExecutable);
        // Written before the launch, so a stop after a crash at any later point still knows the cgroups.
        var prepared = new LocalHandle(0, 0, ports, cgroups, sshAddress);
        InstanceFolder.WriteAtomically(folder.Handle, prepared.ToJson(), OwnerOnly);
        File.Delete(folder.Leader);

        Launch(folder, spec.AppToken);
        var leader = await WaitForLeaderAsync(folder, cancellationToken);
        var handle = prepared with { Pid = leader.Pid, StartTime = leader.StartTime };
        InstanceFolder.WriteAtomically(folder.Handle, handle.ToJson(), OwnerOnly);
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

        if (Members().Count > 0)
        {
            ProcessTree.Signal(Members(), Native.SigTerm);
            if (!await WaitUntilEmptyAsync(Members, _options.StopGracePeriod, cancellationToken))
            {
                Log.Killing(_logger, computeId, _options.StopGracePeriod);
                ProcessTree.Signal(Members(), Native.SigKill);
                if (!await WaitUntilEmptyAsync(Members, KillTimeout, cancellationToken))
                {
                    var left = string.Join(", ", Members().Select(p => p.Pid));
                    throw new DriverException($"Processes {left} of the instance survived SIGKILL.");
                }
            }
        }
        // The kernel frees a group a moment after its last process exits.
        await WaitUntilAsync(() => CgroupHost.Remove(cgroups), KillTimeout, cancellationToken);
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
        try
        {
            Directory.Delete(Folder(computeId).Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Released already (or at the same time, by another caller): the outcome is the same.
        }
        Log.Released(_logger, computeId);
    }

    private InstanceFolder Folder(Guid computeId) => new(_options.StateDir, computeId);

    private static LocalHandle? ReadHandle(InstanceFolder folder) =>
        File.Exists(folder.Handle) ? LocalHandle.FromJson(File.ReadAllText(folder.Handle)) : null;

    private static void Launch(InstanceFolder folder, string appToken)
    {
        var start = new ProcessStartInfo("/usr/bin/setsid", ["/bin/sh", folder.RunScript])
        {
            UseShellExecute = false,
            WorkingDirectory = folder.Root,
        };
        // A clean environment: nothing of the server's (its bootstrap token included) reaches the instance.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment[AppsScript.TokenVariable] = appToken;
        using var process = Process.Start(start) ?? throw new DriverException("Could not start /usr/bin/setsid.");
    }

    private static async Task<ProcessIdentity> WaitForLeaderAsync(InstanceFolder folder, CancellationToken cancellationToken)
    {
        if (await WaitUntilAsync(() => folder.ReadLeader() is { IsAlive: true }, LeaderTimeout, cancellationToken, PollInterval)
            && folder.ReadLeader() is { IsAlive: true } leader)
        {
            return leader;
        }
        throw new DriverException($"The instance's launcher did not start within {LeaderTimeout.TotalSeconds:0} s.");
    }

    private static Task<bool> WaitUntilEmptyAsync(Func<IReadOnlyList<ProcStat>> members, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => members().Count == 0, timeout, cancellationToken);

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? poll = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(20), cancellationToken);
        }
        return true;
    }

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
