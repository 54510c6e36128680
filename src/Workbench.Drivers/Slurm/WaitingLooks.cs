namespace Workbench.Drivers.Slurm;

/// <summary>
/// What Slurm last said of a job that waits in its queue, and when to ask again: 10 s after its sbatch, then
/// twice as long after each look, up to 30 s. Its start and end need no look: its batch script marks them
/// in its folder. Most jobs of a cluster's lanes wait a few seconds there, and a first look at 2 s asked
/// scontrol about nearly every one of them (857 for 800 jobs, ~16 ms of CPU each, and an RPC of slurmctld's).
/// </summary>
internal sealed record WaitingLooks(string Message, DateTimeOffset NextLook, TimeSpan Interval)
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    public static WaitingLooks Submitted(string slurmJobId, DateTimeOffset now) =>
        new($"Submitted to Slurm as job {slurmJobId}: waiting for Slurm to start it.", now + First, First);

    public WaitingLooks Looked(string message, DateTimeOffset now)
    {
        var interval = Interval * 2 < Longest ? Interval * 2 : Longest;
        return new WaitingLooks(message, now + interval, interval);
    }
}
