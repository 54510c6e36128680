using System.Globalization;
using Workbench.Bench.Measurement;

namespace Workbench.Bench.Slurm;

/// <summary>
/// Where the CPU of a round goes, in seconds: the whole machine, the Workbench server, the commands it ran
/// (sbatch, scontrol), slurmctld, the benchmark itself (its API clients) and the commands it ran (the
/// baseline's sbatch and squeue). The rest is the nodes: slurmd, slurmstepd and the jobs.
/// </summary>
public sealed record ClusterCpu(double Machine, double Server, double ServerCommands, double Slurmctld, double Bench, double BenchCommands)
{
    public static readonly string[] Columns = ["machine CPU s", "server CPU s", "its commands CPU s", "slurmctld CPU s", "bench CPU s", "bench's commands CPU s"];

    public static ClusterCpu Read(int serverPid, int slurmctldPid)
    {
        var server = CpuTime.Process(serverPid);
        var bench = CpuTime.Process(Environment.ProcessId);
        return new ClusterCpu(CpuTime.Machine(), server.Own, server.Children, CpuTime.Process(slurmctldPid).Own, bench.Own, bench.Children);
    }

    public static ClusterCpu operator -(ClusterCpu after, ClusterCpu before) => new(
        after.Machine - before.Machine, after.Server - before.Server, after.ServerCommands - before.ServerCommands,
        after.Slurmctld - before.Slurmctld, after.Bench - before.Bench, after.BenchCommands - before.BenchCommands);

    public string[] Cells() =>
        [.. new[] { Machine, Server, ServerCommands, Slurmctld, Bench, BenchCommands }.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture))];
}
