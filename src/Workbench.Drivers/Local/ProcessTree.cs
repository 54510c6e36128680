namespace Workbench.Drivers.Local;

/// <summary>Finds and signals a process and everything below it.</summary>
internal static class ProcessTree
{
    /// <summary>How long processes may take to vanish after SIGKILL (the kernel frees a tree in a moment).</summary>
    public static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The live processes of the tree rooted at the leader, plus any extra pids (a cgroup's members).</summary>
    public static IReadOnlyList<ProcStat> Members(ProcessIdentity? leader, IEnumerable<int> extra)
    {
        var all = ProcStat.All().Where(p => !p.IsDead).ToDictionary(p => p.Pid);
        var found = new Dictionary<int, ProcStat>();
        var pending = new Queue<int>(extra.Where(all.ContainsKey));
        if (leader is { } root && all.TryGetValue(root.Pid, out var stat) && stat.StartTime == root.StartTime)
        {
            pending.Enqueue(root.Pid);
        }
        var children = all.Values.ToLookup(p => p.ParentPid);
        while (pending.TryDequeue(out var pid))
        {
            if (found.TryAdd(pid, all[pid]))
            {
                foreach (var child in children[pid])
                {
                    pending.Enqueue(child.Pid);
                }
            }
        }
        return [.. found.Values];
    }

    /// <summary>The pids of a session's live members.</summary>
    public static IEnumerable<int> InSession(int session) => ProcStat.All().Where(p => p.Session == session && !p.IsDead).Select(p => p.Pid);

    /// <summary>Pids whose command line mentions the text (a folder's path, say).</summary>
    public static IEnumerable<int> CommandLinesContaining(string text)
    {
        foreach (var process in ProcStat.All())
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{process.Pid}/cmdline");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (!process.IsDead && commandLine.Contains(text, StringComparison.Ordinal))
            {
                yield return process.Pid;
            }
        }
    }

    /// <summary>
    /// SIGTERM to every member, SIGKILL to those left after the grace period; returns once none is left.
    /// Members are listed anew each time, so a child forked meanwhile is caught too.
    /// </summary>
    public static async Task TerminateAsync(Func<IReadOnlyList<ProcStat>> members, TimeSpan grace, Action onKill, CancellationToken cancellationToken)
    {
        if (members().Count == 0)
        {
            return;
        }
        Signal(members(), Native.SigTerm);
        if (await Polling.UntilAsync(() => members().Count == 0, grace, cancellationToken))
        {
            return;
        }
        onKill();
        Signal(members(), Native.SigKill);
        if (!await Polling.UntilAsync(() => members().Count == 0, KillTimeout, cancellationToken))
        {
            throw new DriverException($"Processes {string.Join(", ", members().Select(p => p.Pid))} survived SIGKILL.");
        }
    }

    public static void Signal(IEnumerable<ProcStat> processes, int signal)
    {
        foreach (var process in processes)
        {
            // Only signal the process that was listed, not a newcomer that reused its pid.
            if (ProcStat.Read(process.Pid) is { IsDead: false } now && now.StartTime == process.StartTime)
            {
                _ = Native.Kill(process.Pid, signal);
            }
        }
    }
}
