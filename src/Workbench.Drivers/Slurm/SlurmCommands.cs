using System.ComponentModel;
using System.Diagnostics;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Runs one of Slurm's commands with the configured SLURM_CONF and a time limit. Nothing of the
/// server's own Slurm settings leaks in: every SLURM_*, SBATCH_* and SQUEUE_* variable is dropped, as
/// each would change what the command does. A command that cannot start or does not finish in time
/// means Slurm is unavailable.
/// </summary>
internal sealed class SlurmCommands(SlurmOptions options)
{
    private const string PlainPath = "/usr/local/bin:/usr/bin:/bin";
    private static readonly string[] CommandPrefixes = ["SLURM_", "SBATCH_", "SQUEUE_", "SINFO_", "SCANCEL_", "SALLOC_", "SRUN_"];

    /// <param name="environment">Variables the command gets besides the server's own (sbatch passes named ones to the job).</param>
    /// <param name="onlyGivenEnvironment">
    /// The command gets these variables, SLURM_CONF and a plain PATH, and nothing of the server's (sbatch --export=ALL then
    /// hands the job exactly that).
    /// </param>
    public async Task<CommandResult> RunAsync(
        string command, IReadOnlyList<string> arguments, string? input, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken,
        bool onlyGivenEnvironment = false)
    {
        var start = new ProcessStartInfo(Path.Combine(options.CommandsDir, command), arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => onlyGivenEnvironment || CommandPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in onlyGivenEnvironment ? BareEnvironment(options) : SlurmConf(options))
        {
            start.Environment[name] = value;
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Start(start);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        }
        process.StandardInput.Close();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.CommandTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DriverUnavailableException($"Slurm did not answer: {command} took longer than {options.CommandTimeout.TotalSeconds:0.#} s.");
        }
        return new CommandResult(process.ExitCode, await output, (await error).Trim());
    }

    /// <summary>
    /// What a command, or a job, made from nothing of the server's environment gets besides its own variables: a plain
    /// PATH and SLURM_CONF. sbatch hands a job exactly its own environment (--export=ALL); slurmrestd is sent it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> BareEnvironment(SlurmOptions options) =>
        new Dictionary<string, string>(SlurmConf(options)) { ["PATH"] = PlainPath };

    private static Dictionary<string, string> SlurmConf(SlurmOptions options) =>
        options.SlurmConf.Length > 0 ? new() { ["SLURM_CONF"] = options.SlurmConf } : [];

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new DriverUnavailableException($"Could not start {start.FileName}.");
        }
        catch (Win32Exception e)
        {
            throw new DriverUnavailableException(
                $"Could not run {start.FileName} ({e.Message}): install Slurm's commands (Debian: slurm-client) or set {SlurmOptions.Section}:CommandsDir.", e);
        }
    }
}

/// <summary>How a Slurm command ended: its exit code and what it printed.</summary>
internal readonly record struct CommandResult(int ExitCode, string Output, string Error);
