using System.Runtime.InteropServices;
using Workbench.Drivers.Local;

namespace Workbench.Drivers;

/// <summary>
/// Makes folders below a root that jobs write into (a workspace share), one step at a time through descriptors that
/// never follow a link: a link a job left on the way, or one swapped in meanwhile, stops it, so nothing is made
/// outside the root. What it could not make is left to whoever runs as the job.
/// </summary>
internal static class LinkFreeFolders
{
    // What mkdir -p gives, less the umask.
    private const uint Mode = 0b111_111_111;
    private const int AlreadyThere = 17; // EEXIST

    /// <summary>True when every folder of <paramref name="relative"/> is there below <paramref name="root"/>, none of them reached through a link.</summary>
    public static bool Make(string root, string relative)
    {
        var at = Native.Open(root, Native.ReadOnly | Native.DirectoryOnly | Native.CloseOnExec);
        try
        {
            foreach (var step in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (at < 0 || step is "." or ".."
                    || (Native.MakeDirectoryAt(at, step, Mode) != 0 && Marshal.GetLastPInvokeError() != AlreadyThere))
                {
                    return false;
                }
                var next = Native.OpenAt(at, step, Native.ReadOnly | Native.DirectoryOnly | Native.NoFollow | Native.CloseOnExec);
                Native.Close(at);
                at = next;
            }
            return at >= 0;
        }
        finally
        {
            if (at >= 0)
            {
                Native.Close(at);
            }
        }
    }
}
