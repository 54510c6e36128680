namespace Workbench.Bench.Jobs;

/// <summary>
/// Another way to run the same trivial commands with the same parallelism, timed in the same run as the
/// platform: the plain loop, the local driver alone and, where Slurm is installed, sbatch --wrap true on
/// the dev cluster (<see cref="Slurm.SlurmBaseline"/>).
/// </summary>
public interface IJobBaseline
{
    string Name { get; }

    /// <summary>Whether it can run on this machine; when not, the report says why instead of a figure.</summary>
    string? Unavailable { get; }

    /// <summary>Runs <paramref name="count"/> commands with at most <paramref name="parallelism"/> at once; returns the wall time in ms.</summary>
    Task<double> RunAsync(int count, int parallelism, CancellationToken cancellationToken);
}
