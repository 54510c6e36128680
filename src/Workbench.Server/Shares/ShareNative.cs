using System.Runtime.InteropServices;

namespace Workbench.Server.Shares;

/// <summary>The libc calls the share's safe reads need and .NET has no managed form of.</summary>
internal static partial class ShareNative
{
    public const int ReadOnly = 0;

    /// <summary>O_NONBLOCK: opening a FIFO a job left in the share returns at once instead of waiting for a writer.</summary>
    public const int NonBlocking = 0x800;

    public const int CloseOnExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    /// <summary>The path with every link resolved, or null when it does not exist.</summary>
    public static string? Canonical(string path)
    {
        var resolved = RealPath(path, 0);
        if (resolved == 0)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }
}
