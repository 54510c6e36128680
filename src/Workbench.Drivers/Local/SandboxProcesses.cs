using System.Globalization;

namespace Workbench.Drivers.Local;

/// <summary>
/// Finds on the host a process that a sandbox (a pid namespace of its own) named by its own pid: the host's
/// /proc lists every process's pids in each namespace it is in (the NSpid line of its status), innermost last.
/// </summary>
internal static class SandboxProcesses
{
    /// <summary>The host's identity of the process the sandbox calls <paramref name="inSandbox"/>; null once it is gone.</summary>
    public static ProcessIdentity? OnHost(ProcessIdentity inSandbox)
    {
        foreach (var process in ProcStat.All())
        {
            if (process.StartTime == inSandbox.StartTime && !process.IsDead && InnermostPid(process.Pid) == inSandbox.Pid)
            {
                return new ProcessIdentity(process.Pid, process.StartTime);
            }
        }
        return null;
    }

    private static int? InnermostPid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("NSpid:", StringComparison.Ordinal))
                {
                    var last = line.Split('\t', ' ').Last(f => f.Length > 0);
                    return int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var inner) ? inner : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile.
        }
        return null;
    }
}
