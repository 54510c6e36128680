using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// One batch job to submit: a script (it must start with "#!") and what it needs. Each need maps to
/// one sbatch option; the environment reaches the job through sbatch's own environment, by name
/// (--export=NAMES, after the user's login environment) or as all of it (--export=ALL, sbatch's being
/// made of these variables alone), so no value (a secret, a comma) is ever on a command line.
/// </summary>
public sealed partial record SlurmJobRequest(string Name, string Script)
{
    /// <summary>--partition; null means the configured default (Drivers:Slurm:Partition), else the cluster's.</summary>
    public string? Partition { get; init; }

    /// <summary>--comment: text shown with the job in scontrol and squeue; null for none.</summary>
    public string? Comment { get; init; }

    /// <summary>--dependency=singleton: it starts only once no other job of its name (and user) runs.</summary>
    public bool OneAtATime { get; init; }

    /// <summary>--cpus-per-task.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>--mem, in MiB per node; null leaves it to the cluster's default.</summary>
    public long? MemoryMiB { get; init; }

    /// <summary>--gres=gpu:N, only when N is above 0.</summary>
    public int Gpus { get; init; }

    /// <summary>--nodes.</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>--time, rounded up to whole minutes as Slurm counts them; null leaves the partition's limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>--output: where the job's output goes; with no <see cref="ErrorPath"/> its errors go there too.</summary>
    public string? OutputPath { get; init; }

    /// <summary>--error.</summary>
    public string? ErrorPath { get; init; }

    /// <summary>--open-mode=append: keep what earlier runs wrote to the output.</summary>
    public bool AppendOutput { get; init; }

    /// <summary>--chdir.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The job's environment (besides Slurm's own variables, and the user's login environment where Slurm adds it).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    /// <summary>The sbatch command line; the script goes to its standard input.</summary>
    /// <param name="loginEnvironment">Whether the job starts from the user's login environment on its node (<see cref="SlurmOptions.LoginEnvironment"/>).</param>
    public IReadOnlyList<string> Arguments(string defaultPartition, bool loginEnvironment)
    {
        Validate();
        var arguments = new List<string> { "--parsable", $"--job-name={Name}" };
        var partition = Partition ?? defaultPartition;
        if (partition.Length > 0)
        {
            arguments.Add($"--partition={partition}");
        }
        if (Comment is not null)
        {
            arguments.Add($"--comment={Comment}");
        }
        if (OneAtATime)
        {
            arguments.Add("--dependency=singleton");
        }
        arguments.Add(Invariant($"--nodes={Nodes}"));
        arguments.Add(Invariant($"--cpus-per-task={CpusPerTask}"));
        if (MemoryMiB is { } memory)
        {
            arguments.Add(Invariant($"--mem={memory}M"));
        }
        if (Gpus > 0)
        {
            arguments.Add(Invariant($"--gres=gpu:{Gpus}"));
        }
        if (TimeLimit is { } limit)
        {
            arguments.Add(Invariant($"--time={(int)Math.Ceiling(limit.TotalMinutes)}"));
        }
        AddPath(arguments, "--output", OutputPath);
        AddPath(arguments, "--error", ErrorPath);
        if (AppendOutput)
        {
            arguments.Add("--open-mode=append");
        }
        AddPath(arguments, "--chdir", WorkingDirectory);
        arguments.Add("--export=" + (!loginEnvironment ? "ALL" : Environment.Count == 0 ? "NONE" : string.Join(',', Environment.Keys.Order(StringComparer.Ordinal))));
        return arguments;
    }

    internal void Validate()
    {
        if (Name.Length == 0 || Name.Any(char.IsControl))
        {
            throw new ArgumentException($"A Slurm job name must be one line of text; it is '{Name}'.");
        }
        if (Comment?.Any(char.IsControl) == true)
        {
            throw new ArgumentException($"A Slurm job comment must be one line of text; it is '{Comment}'.");
        }
        if (!Script.StartsWith("#!", StringComparison.Ordinal))
        {
            throw new ArgumentException("A batch script must start with \"#!\" (sbatch refuses it otherwise).");
        }
        if (CpusPerTask < 1 || Nodes < 1 || Gpus < 0 || MemoryMiB < 1 || TimeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Job '{Name}' asks for resources that cannot be: {CpusPerTask} CPUs, {Nodes} nodes, {Gpus} GPUs, {MemoryMiB} MiB, {TimeLimit}.");
        }
        if (Environment.Keys.FirstOrDefault(k => !VariableName().IsMatch(k)) is { } bad)
        {
            throw new ArgumentException($"'{bad}' is not an environment variable name.");
        }
    }

    private static void AddPath(List<string> arguments, string option, string? path)
    {
        if (path is not null)
        {
            arguments.Add($"{option}={path}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
