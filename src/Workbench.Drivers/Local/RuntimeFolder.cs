using System.Buffers.Binary;

namespace Workbench.Drivers.Local;

/// <summary>
/// The memory-backed folder the server keeps its instances' job hand-over files in unless told otherwise
/// (<see cref="LocalDriverOptions.RuntimeDir"/>): the first of /run/workbench (for root), $XDG_RUNTIME_DIR/workbench
/// and /dev/shm/workbench-&lt;uid&gt; whose parent is a tmpfs, made 0700 if missing, and taken only if it is a folder
/// (not a link) of this user's that no one else may enter: /dev/shm is everyone's, and a folder someone else made there
/// first would let them write the jobs' scripts. None: empty, for the instances' own folders.
/// </summary>
internal static class RuntimeFolder
{
    private const long TmpfsMagic = 0x01021994;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const int TypeBits = 0xF000;
    private const int DirectoryType = 0x4000;
    private const int GroupOrOthers = 0x3F;

    public static string Default()
    {
        foreach (var (parent, folder) in Candidates())
        {
            if (IsMemoryBacked(parent) && TryMakePrivate(folder))
            {
                return folder;
            }
        }
        return "";
    }

    private static IEnumerable<(string Parent, string Folder)> Candidates()
    {
        if (Environment.IsPrivilegedProcess)
        {
            yield return ("/run", "/run/workbench");
        }
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } user && Path.IsPathFullyQualified(user))
        {
            yield return (user, Path.Combine(user, "workbench"));
        }
        yield return ("/dev/shm", $"/dev/shm/workbench-{Native.EffectiveUserId()}");
    }

    /// <summary>Whether the folder is on a tmpfs.</summary>
    public static bool IsMemoryBacked(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Native.StatFileSystem(path, buffer) == 0 && BinaryPrimitives.ReadInt64LittleEndian(buffer) == TmpfsMagic;
    }

    /// <summary>Whether the path is a folder (not a link to one) this user owns that no one else may read, write or enter.</summary>
    public static bool IsPrivate(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Native.Statx(Native.CurrentDirectory, path, Native.SymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0)
        {
            return false;
        }
        var owner = BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        return (mode & TypeBits) == DirectoryType && (mode & GroupOrOthers) == 0 && owner == Native.EffectiveUserId();
    }

    private static bool TryMakePrivate(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder, LaunchFolder.OwnerExecutable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return IsPrivate(folder);
    }
}
