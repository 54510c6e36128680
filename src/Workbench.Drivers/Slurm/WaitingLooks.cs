namespace Workbench.Drivers.Slurm;

/// <summary>
/// What Slurm last said of a job that waits in its queue, and when to ask again: 2 s after its sbatch, then
/// twice as long after each look, up to 30 s. Its start and end need no look: its batch script marks them
/// in its folder.
/// </summary>
internal sealed record WaitingLooks(string Message, DateTimeOffset NextLook, TimeSpan Interval)
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    public static WaitingLooks Submitted(string slurmJobId, DateTimeOffset now) =>
        new($"Submitted to Slurm as job {slurmJobId}: waiting for Slurm to start it.", now + First, First);

    public WaitingLooks Looked(string message, DateTimeOffset now)
    {
        var interval = Interval * 2 < Longest ? Interval * 2 : Longest;
        return new WaitingLooks(message, now + interval, interval);
    }
}
