namespace Workbench.Drivers.Slurm;

/// <summary>
/// Reads how a job ended, in the forms Slurm's tools print it: squeue's JSON (22.05) and slurmrestd
/// give the raw wait status (exit 3 is 768, a SIGTERM is 15), scontrol and sacct print "3:0" (exit
/// code, then signal), and later versions give an object with return_code and signal.
/// </summary>
public static class SlurmExit
{
    public static (int ExitCode, int Signal) FromWaitStatus(int status) =>
        (status & 0x7f) == 0 ? ((status >> 8) & 0xff, 0) : (0, status & 0x7f);

    /// <summary>"3:0" → (3, 0); null when the text is not of that form.</summary>
    public static (int ExitCode, int Signal)? FromPair(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var code) && int.TryParse(parts[1], out var signal)
            ? (code, signal)
            : null;
    }
}
