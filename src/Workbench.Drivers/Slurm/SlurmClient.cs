using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Talks to a Slurm cluster through its own commands (sbatch, squeue, scontrol, scancel, sinfo), reading their
/// machine-readable output, and submits through slurmrestd instead of sbatch where one is configured
/// (<see cref="SlurmRest"/>). Every call either answers, or throws <see cref="DriverUnavailableException"/>
/// within Drivers:Slurm:CommandTimeout when Slurm does not (its controller down or slow), or
/// <see cref="DriverException"/> when Slurm refuses the request.
/// </summary>
public sealed class SlurmClient(IOptions<SlurmOptions> options) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();
    private readonly SlurmCommands _commands = new(options.Value);
    private readonly SlurmRest? _rest = options.Value.RestSocket.Length > 0 ? new SlurmRest(options.Value) : null;

    /// <summary>Submits a batch job; returns its id.</summary>
    public async Task<string> SubmitAsync(SlurmJobRequest request, CancellationToken cancellationToken)
    {
        if (_rest?.Takes(request) == true)
        {
            return await _rest.SubmitAsync(request, cancellationToken);
        }
        var loginEnvironment = options.Value.LoginEnvironment;
        var result = await _commands.RunAsync("sbatch", request.Arguments(options.Value.Partition, loginEnvironment), request.Script, request.Environment,
            cancellationToken, onlyGivenEnvironment: !loginEnvironment);
        // --parsable prints "id" or "id;cluster".
        var id = result.Output.Split(';', 2)[0].Trim();
        if (result.ExitCode != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            throw SlurmFailure.From("sbatch", result);
        }
        return id;
    }

    /// <summary>
    /// Every job slurmctld knows: those waiting or running, and those that ended within its MinJobAge
    /// (300 s by default). Slurm 22.05 ignores filters with --json; --states=all keeps ended jobs in the
    /// answer of versions that apply them.
    /// </summary>
    public async Task<IReadOnlyList<SlurmJob>> ListJobsAsync(CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync("squeue", ["--json", "--states=all"], null, NoEnvironment, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw SlurmFailure.From("squeue", result);
        }
        return SlurmJson.Jobs(result.Output);
    }

    /// <summary>
    /// One job, or null when Slurm no longer knows it: it vanished (ended longer ago than MinJobAge, or
    /// its state was lost), which a caller reports as lost. Far cheaper than <see cref="ListJobsAsync"/>
    /// when slurmctld knows many jobs.
    /// </summary>
    public async Task<SlurmJob?> FindJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync("scontrol", ["show", "job", "--oneliner", jobId], null, NoEnvironment, cancellationToken);
        if (result.ExitCode != 0)
        {
            return result.Error.Contains("Invalid job id", StringComparison.Ordinal) ? null : throw SlurmFailure.From("scontrol", result);
        }
        return ScontrolJob.Parse(result.Output.Split('\n', 2)[0]);
    }

    /// <summary>Cancels a job; one that has ended or that Slurm no longer knows is fine (nothing left to cancel).</summary>
    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync("scancel", [jobId], null, NoEnvironment, cancellationToken);
        var gone = result.Error.Contains("Invalid job id", StringComparison.Ordinal)
            || result.Error.Contains("already completing or completed", StringComparison.Ordinal);
        if (result.ExitCode != 0 && !gone)
        {
            throw SlurmFailure.From("scancel", result);
        }
    }

    /// <summary>Every node of the cluster, with its state and size.</summary>
    public async Task<IReadOnlyList<SlurmNode>> ListNodesAsync(CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync("sinfo", ["--json"], null, NoEnvironment, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw SlurmFailure.From("sinfo", result);
        }
        return SlurmJson.Nodes(result.Output);
    }

    public void Dispose() => _rest?.Dispose();
}
