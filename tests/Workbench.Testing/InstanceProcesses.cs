namespace Workbench.Testing;

/// <summary>
/// Finds the live processes of an instance on this host by the base URL its apps were started with,
/// among those launched from one server's data folder (so another test's instance of the same name
/// never counts). Zombies count as dead: PID 1 here reaps orphans only every second or two.
/// </summary>
public static class InstanceProcesses
{
    public static IReadOnlyList<int> Find(string dataDir, string workspace, string instance) =>
        [.. FindByCommandLine($"/i/{workspace}/{instance}/").Where(pid => AncestorMentions(pid, dataDir))];

    private static bool AncestorMentions(int pid, string text)
    {
        try
        {
            for (var current = pid; current > 1;)
            {
                if (File.ReadAllText($"/proc/{current}/cmdline").Contains(text, StringComparison.Ordinal))
                {
                    return true;
                }
                var stat = File.ReadAllText($"/proc/{current}/stat");
                current = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            }
        }
        catch (IOException)
        {
            // It ended while we walked up.
        }
        return false;
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

    /// <summary>For a failing test's message: each match with its parent chain and cgroups.</summary>
    public static string Describe(string dataDir, string workspace, string instance)
    {
        var lines = new List<string>();
        foreach (var pid in Find(dataDir, workspace, instance))
        {
            var chain = new List<string>();
            try
            {
                for (var current = pid; current > 1;)
                {
                    var stat = File.ReadAllText($"/proc/{current}/stat");
                    chain.Add($"{current}:{File.ReadAllText($"/proc/{current}/cmdline").Replace('\0', ' ').Trim()}");
                    current = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                }
                chain.Add("cgroups: " + File.ReadAllText($"/proc/{pid}/cgroup").Replace('\n', ' '));
            }
            catch (IOException)
            {
                chain.Add("(ended while looked at)");
            }
            lines.Add(string.Join("\n  <- ", chain));
        }
        return string.Join('\n', lines);
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
