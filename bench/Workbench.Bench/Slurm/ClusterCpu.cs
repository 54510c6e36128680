using System.Globalization;
using Workbench.Bench.Measurement;

namespace Workbench.Bench.Slurm;

/// <summary>
/// Where the CPU of a round goes, in seconds: the whole machine, the Workbench server, the commands it ran
/// (sbatch, scontrol), slurmctld, slurmrestd, the benchmark itself (its API clients) and the commands it ran
/// (the baseline's sbatch and squeue). The rest is the nodes: slurmd, slurmstepd and the jobs.
/// </summary>
public sealed record ClusterCpu(double Machine, double Server, double ServerCommands, double Slurmctld, double Slurmrestd, double Bench, double BenchCommands)
{
    public static readonly string[] Columns =
        ["machine CPU s", "server CPU s", "its commands CPU s", "slurmctld CPU s", "slurmrestd CPU s", "bench CPU s", "bench's commands CPU s"];

    /// <param name="slurmrestdPid">Null where the dev cluster runs no slurmrestd.</param>
    public static ClusterCpu Read(int serverPid, int slurmctldPid, int? slurmrestdPid)
    {
        var server = CpuTime.Process(serverPid);
        var bench = CpuTime.Process(Environment.ProcessId);
        var rest = slurmrestdPid is { } pid ? CpuTime.Process(pid).Own : 0;
        return new ClusterCpu(CpuTime.Machine(), server.Own, server.Children, CpuTime.Process(slurmctldPid).Own, rest, bench.Own, bench.Children);
    }

    public static ClusterCpu operator -(ClusterCpu after, ClusterCpu before) => new(
        after.Machine - before.Machine, after.Server - before.Server, after.ServerCommands - before.ServerCommands,
        after.Slurmctld - before.Slurmctld, after.Slurmrestd - before.Slurmrestd, after.Bench - before.Bench, after.BenchCommands - before.BenchCommands);

    public string[] Cells() =>
        [.. new[] { Machine, Server, ServerCommands, Slurmctld, Slurmrestd, Bench, BenchCommands }.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture))];
}
