namespace Workbench.Domain.Computes;

/// <summary>The names of the drivers a compute can run on.</summary>
public static class ComputeDrivers
{
    /// <summary>Processes on the server's own machine: the default.</summary>
    public const string Local = "local";

    /// <summary>Jobs on a Slurm cluster, when the server has one configured (Drivers:Slurm).</summary>
    public const string Slurm = "slurm";

    public static IReadOnlyList<string> All { get; } = [Local, Slurm];

    public const int PartitionMaxLength = 64;

    /// <summary>Why a partition name is not one Slurm takes, or null when it is fine.</summary>
    public static string? ValidatePartition(string partition) =>
        partition.Length is > 0 and <= PartitionMaxLength && partition.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : $"A partition name is 1-{PartitionMaxLength} letters, digits, '-', '_' or '.'; it is '{partition}'.";
}
