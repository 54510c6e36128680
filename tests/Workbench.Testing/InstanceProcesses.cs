namespace Workbench.Testing;

/// <summary>
/// Finds the live processes of an instance on this host by the base URL its apps were started with,
/// among those launched from one server's data folder (so another test's instance of the same name
/// never counts). Zombies count as dead: PID 1 here reaps orphans only every second or two.
/// </summary>
public static class InstanceProcesses
{
    public static IReadOnlyList<int> Find(string dataDir, string workspace, string instance) =>
        FindUnder(dataDir, $"/i/{workspace}/{instance}/");

    /// <summary>Live processes whose command line holds the fragment, of instances launched from one server's data folder.</summary>
    public static IReadOnlyList<int> FindUnder(string dataDir, string fragment) =>
        [.. FindByCommandLine(fragment).Where(pid => AncestorMentions(pid, dataDir))];

    /// <summary>The process and its ancestors up to (not including) PID 1; shorter if one ends while we walk.</summary>
    public static IEnumerable<int> SelfAndAncestors(int pid)
    {
        for (int? current = pid; current > 1; current = ParentOf(current.Value))
        {
            yield return current.Value;
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool AncestorMentions(int pid, string text) =>
        SelfAndAncestors(pid).Any(p => CommandLine(p).Contains(text, StringComparison.Ordinal));

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

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

    /// <summary>For a failing test's message: each match with its chain of parents.</summary>
    public static string Describe(string dataDir, string workspace, string instance) =>
        string.Join('\n', Find(dataDir, workspace, instance).Select(pid =>
            string.Join("\n  <- ", SelfAndAncestors(pid).Select(p => $"{p}:{CommandLine(p)}"))));

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
