using System.Globalization;
using Workbench.Bench.Measurement;

namespace Workbench.Bench.Jobs;

/// <summary>
/// Where the CPU of the queue drain goes, in seconds, from /proc: the whole machine, the server, the instance's
/// job agent and the jobs it started and waited for. The rest is the benchmark's own polls and what else ran (the instance's apps, the kernel's threads).
/// </summary>
public sealed record DrainCpu(double Machine, double Server, double Agent, double Jobs)
{
    private const string AgentScript = "job-agent.py";

    /// <summary>Now; the agent counts as zero until the instance has started it.</summary>
    public static DrainCpu Read(int serverPid)
    {
        var agent = AgentPid() is { } pid ? CpuTime.Process(pid) : (Own: 0, Children: 0);
        return new DrainCpu(CpuTime.Machine(), CpuTime.Process(serverPid).Own, agent.Own, agent.Children);
    }

    public static DrainCpu operator -(DrainCpu after, DrainCpu before) =>
        new(after.Machine - before.Machine, after.Server - before.Server, after.Agent - before.Agent, after.Jobs - before.Jobs);

    public string Describe(int jobs)
    {
        string Each(double seconds) => (seconds * 1000 / jobs).ToString("0.0", CultureInfo.InvariantCulture);
        string S(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);
        return $"CPU of the queue drain: the machine {S(Machine)} s ({Each(Machine)} ms a job); the server {S(Server)} s ({Each(Server)} ms a job), "
            + $"the job agent {S(Agent)} s ({Each(Agent)} ms), the jobs' processes {S(Jobs)} s ({Each(Jobs)} ms), "
            + $"the rest (the benchmark's polls, the instance's apps, the kernel) {S(Machine - Server - Agent - Jobs)} s.";
    }

    /// <summary>The one job agent running (the benchmark's instance's): the python3 process running its script.</summary>
    private static int? AgentPid()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)
                    && File.ReadAllText($"{dir}/comm").Trim() == "python3"
                    && File.ReadAllText($"{dir}/cmdline").Contains(AgentScript, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }
        return null;
    }
}
