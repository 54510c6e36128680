namespace Workbench.Drivers.Local;

/// <summary>Where this process's cgroups are, read from /proc/self/mountinfo and /proc/self/cgroup.</summary>
internal sealed class CgroupMounts(IReadOnlyList<CgroupMounts.Mount> mounts, IReadOnlyList<CgroupMounts.Membership> memberships)
{
    private const string GroupName = "workbench";

    public sealed record Mount(string MountPoint, string Root, string FsType, IReadOnlyList<string> Options);

    public sealed record Membership(IReadOnlyList<string> Controllers, string Path);

    public static CgroupMounts Read() => Parse(SafeReadLines("/proc/self/mountinfo"), SafeReadLines("/proc/self/cgroup"));

    public static CgroupMounts Parse(IEnumerable<string> mountInfo, IEnumerable<string> cgroup)
    {
        var mounts = new List<Mount>();
        foreach (var line in mountInfo)
        {
            // "36 35 0:30 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory"
            var halves = line.Split(" - ", 2);
            var left = halves[0].Split(' ');
            var right = halves.Length == 2 ? halves[1].Split(' ') : [];
            if (left.Length >= 5 && right.Length >= 3 && right[0] is "cgroup" or "cgroup2")
            {
                mounts.Add(new Mount(left[4], left[3], right[0], right[2].Split(',')));
            }
        }
        var memberships = cgroup
            .Select(line => line.Split(':', 3))
            .Where(parts => parts.Length == 3)
            .Select(parts => new Membership(parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries), parts[2]))
            .ToList();
        return new CgroupMounts(mounts, memberships);
    }

    /// <summary>
    /// A v2 folder beside this process's own group, with the controllers delegated to it, or null.
    /// A sibling, because v2 forbids enabling controllers below a group that holds processes.
    /// </summary>
    public string? V2Base()
    {
        var mount = mounts.FirstOrDefault(m => m.FsType == "cgroup2");
        var self = memberships.FirstOrDefault(m => m.Controllers.Count == 0);
        if (mount is null || self is null)
        {
            return null;
        }
        var own = Path.Join(mount.MountPoint, Relative(self.Path, mount.Root));
        var parent = Path.GetDirectoryName(own.TrimEnd('/')) is { } p && p.StartsWith(mount.MountPoint, StringComparison.Ordinal) ? p : own;
        try
        {
            var available = File.ReadAllText(Path.Combine(parent, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
            if (!new[] { "memory", "cpu", "pids" }.All(available.Contains))
            {
                return null;
            }
            var dir = Path.Combine(parent, GroupName);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+memory +cpu +pids");
            File.WriteAllText(Path.Combine(dir, "cgroup.subtree_control"), "+memory +cpu +pids");
            return dir;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>One writable v1 folder per controller, below this process's own group in each.</summary>
    public IReadOnlyList<string> V1Bases(IEnumerable<string> controllers)
    {
        var bases = new List<string>();
        foreach (var controller in controllers)
        {
            var mount = mounts.FirstOrDefault(m => m.FsType == "cgroup" && m.Options.Contains(controller));
            var self = memberships.FirstOrDefault(m => m.Controllers.Contains(controller));
            if (mount is null || self is null)
            {
                return [];
            }
            var dir = Path.Join(mount.MountPoint, Relative(self.Path, mount.Root), GroupName);
            try
            {
                Directory.CreateDirectory(dir);
                bases.Add(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return [];
            }
        }
        return bases;
    }

    private static string Relative(string path, string root) =>
        root != "/" && path.StartsWith(root, StringComparison.Ordinal) ? path[root.Length..] : path;

    private static IEnumerable<string> SafeReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
