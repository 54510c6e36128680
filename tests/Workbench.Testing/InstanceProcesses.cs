namespace Workbench.Testing;

/// <summary>
/// Finds the live processes of an instance on this host by the base URL its apps were started with.
/// Zombies count as dead: PID 1 here reaps orphans only every second or two.
/// </summary>
public static class InstanceProcesses
{
    public static IReadOnlyList<int> Find(string workspace, string instance) =>
        FindByCommandLine($"/i/{workspace}/{instance}/");

    public static IReadOnlyList<int> FindByCommandLine(string fragment)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText($"{dir}/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                var commandLine = File.ReadAllText($"{dir}/cmdline").Replace('\0', ' ');
                if (state is not ('Z' or 'X') && commandLine.Contains(fragment, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }

    /// <summary>Kills what a failed test may have left behind, so it cannot disturb the next one.</summary>
    public static void KillAll(string fragment)
    {
        foreach (var pid in FindByCommandLine(fragment))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
