namespace Workbench.Drivers.Local;

/// <summary>A process named by pid and start time, so a reused pid is never mistaken for ours.</summary>
internal readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    public bool IsAlive => ProcStat.Read(Pid) is { IsDead: false } stat && stat.StartTime == StartTime;
}
