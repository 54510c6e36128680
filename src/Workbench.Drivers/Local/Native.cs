using System.Runtime.InteropServices;

namespace Workbench.Drivers.Local;

/// <summary>The libc calls .NET has no managed form of.</summary>
internal static partial class Native
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
