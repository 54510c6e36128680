using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Workbench.Drivers.Local;

/// <summary>
/// Puts each instance in its own cgroups for vCPU, memory and process limits. Uses cgroup v2 where
/// its controllers are available (most hosts), else v1 (the machines this project is built on),
/// else none, and says so in the log.
/// </summary>
internal sealed partial class CgroupHost
{
    private static readonly string[] Controllers = ["memory", "cpu", "pids"];
    private const long CpuPeriodMicros = 100_000;
    private const int MaxProcesses = 4096;

    private readonly IReadOnlyList<string> _bases;
    private readonly bool _v2;
    private readonly ILogger _logger;

    private CgroupHost(IReadOnlyList<string> bases, bool v2, ILogger logger)
    {
        _bases = bases;
        _v2 = v2;
        _logger = logger;
    }

    public string Mode => _bases.Count == 0 ? "none" : _v2 ? "v2" : "v1";

    public static CgroupHost Detect(ILogger logger)
    {
        var mounts = CgroupMounts.Read();
        var host = mounts.V2Base() is { } v2 ? new CgroupHost([v2], true, logger)
            : mounts.V1Bases(Controllers) is { Count: > 0 } v1 ? new CgroupHost(v1, false, logger)
            : new CgroupHost([], false, logger);
        if (host._bases.Count == 0)
        {
            Log.CgroupsUnusable(logger);
        }
        else
        {
            Log.CgroupsDetected(logger, host.Mode, string.Join(", ", host._bases));
        }
        return host;
    }

    /// <summary>Makes the instance's groups with its limits; returns the folders its leader must join.</summary>
    public IReadOnlyList<string> Create(Guid computeId, int vcpus, double memoryGiB)
    {
        var made = new List<string>();
        try
        {
            foreach (var dir in DirsOf(computeId))
            {
                Directory.CreateDirectory(dir);
                made.Add(dir);
                WriteLimits(dir, vcpus, (long)(memoryGiB * 1024 * 1024 * 1024));
            }
            return made;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CgroupCreateFailed(_logger, computeId, e.Message);
            Remove(made);
            return [];
        }
    }

    /// <summary>Where this server puts a compute's groups (a server started elsewhere may have used others: keep the handle's list too).</summary>
    public IEnumerable<string> DirsOf(Guid computeId) => _bases.Select(root => Path.Combine(root, computeId.ToString("N")));

    /// <summary>The pids in the groups: catches processes that left the leader's tree.</summary>
    public static IEnumerable<int> Members(IEnumerable<string> dirs) =>
        dirs.SelectMany(dir =>
        {
            try
            {
                return File.ReadAllLines(Path.Combine(dir, "cgroup.procs"))
                    .Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToList();
            }
            catch (IOException)
            {
                return [];
            }
        });

    /// <summary>Removes the groups; returns false while one is still busy (a process not yet fully gone).</summary>
    public static bool Remove(IEnumerable<string> dirs)
    {
        var removed = true;
        foreach (var dir in dirs.Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                removed = false;
            }
        }
        return removed;
    }

    private void WriteLimits(string dir, int vcpus, long memoryBytes)
    {
        var quota = (vcpus * CpuPeriodMicros).ToString(CultureInfo.InvariantCulture);
        var memory = memoryBytes.ToString(CultureInfo.InvariantCulture);
        var pids = MaxProcesses.ToString(CultureInfo.InvariantCulture);
        if (_v2)
        {
            File.WriteAllText(Path.Combine(dir, "memory.max"), memory);
            File.WriteAllText(Path.Combine(dir, "cpu.max"), $"{quota} {CpuPeriodMicros}");
            File.WriteAllText(Path.Combine(dir, "pids.max"), pids);
            return;
        }
        var limits = new Dictionary<string, string>
        {
            ["memory.limit_in_bytes"] = memory,
            ["cpu.cfs_period_us"] = CpuPeriodMicros.ToString(CultureInfo.InvariantCulture),
            ["cpu.cfs_quota_us"] = quota,
            ["pids.max"] = pids,
        };
        foreach (var (file, value) in limits)
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path))
            {
                File.WriteAllText(path, value);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Instance limits use cgroup {Mode} under {Bases}")]
        public static partial void CgroupsDetected(ILogger logger, string mode, string bases);

        [LoggerMessage(1002, LogLevel.Warning, "Neither cgroup v2 (with memory, cpu, pids) nor v1 controllers are writable here: instances run without vCPU or memory limits")]
        public static partial void CgroupsUnusable(ILogger logger);

        [LoggerMessage(1003, LogLevel.Warning, "Could not create cgroups for compute {ComputeId}; it runs without limits: {Reason}")]
        public static partial void CgroupCreateFailed(ILogger logger, Guid computeId, string reason);
    }
}
