using System.Runtime.InteropServices;

namespace Workbench.Drivers.Local;

/// <summary>The libc calls .NET has no managed form of.</summary>
internal static partial class Native
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    // open(2) flags: the same on x86-64 and arm64 Linux but O_NOFOLLOW.
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public static readonly int NoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;
    public static readonly int DirectoryOnly = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    public const int LockShared = 1;
    public const int LockNonBlocking = 4;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectoryAt(int directory, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(SafeHandle file, int operation);

    /// <summary>pread(2): RandomAccess.Read asks the kernel first whether a descriptor it has not seen can seek, a call more at each read of a record.</summary>
    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static partial nint ReadAt(SafeHandle file, Span<byte> buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeFifo(string path, uint mode);

    /// <summary>statfs(2) into a buffer of 120 bytes at least; on 64-bit Linux the file system's type is its first 8 bytes.</summary>
    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatFileSystem(string path, Span<byte> buffer);

    public const int CurrentDirectory = -100;
    public const int SymlinkNoFollow = 0x100;

    /// <summary>statx(2) into a buffer of 256 bytes, whose layout is the same on every architecture.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint EffectiveUserId();
}
