using Microsoft.Win32.SafeHandles;

namespace Workbench.Server.Shares;

/// <summary>
/// Reads files of a workspace share for the API (job logs, outputs). Computes write into the share as
/// they like, so a job could leave a link to a host file, or a FIFO, where the server reads: these
/// reads follow no link out of the share (the file opened is checked by its real path) and open only
/// regular files, never blocking on a FIFO.
/// </summary>
public static class ShareFiles
{
    /// <summary>The file for reading, or null when it does not exist, is no regular file, or is reached through a link.</summary>
    public static FileStream? OpenRead(string share, string relative)
    {
        var path = Path.Combine(share, relative);
        var expected = ShareNative.Canonical(share) is { } root ? Path.Join(root, relative) : null;
        if (expected is null || !IsPlain(share, relative) || Directory.Exists(path))
        {
            return null;
        }
        var descriptor = ShareNative.Open(path, ShareNative.ReadOnly | ShareNative.NonBlocking | ShareNative.CloseOnExec);
        if (descriptor < 0)
        {
            return null;
        }
        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        // What was opened, whatever happened to the path since the check above.
        if (new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget != expected)
        {
            handle.Dispose();
            return null;
        }
        var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            return null;
        }
        return stream;
    }

    /// <summary>The regular files at or below a path of the share (relative path and size), links left out.</summary>
    public static IReadOnlyList<(string Path, long Size)> List(string share, string relative)
    {
        var root = Path.Combine(share, relative);
        if (!IsPlain(share, relative))
        {
            return [];
        }
        if (File.Exists(root))
        {
            return [(Path.GetFileName(root), new FileInfo(root).Length)];
        }
        var found = new List<(string, long)>();
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in folder.EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }
                if (entry is DirectoryInfo child)
                {
                    pending.Push(child);
                }
                else if (entry is FileInfo file)
                {
                    found.Add((Path.GetRelativePath(root, file.FullName), file.Length));
                }
            }
        }
        return [.. found.OrderBy(f => f.Item1, StringComparer.Ordinal)];
    }

    /// <summary>Whether the path exists inside the share with no link on the way (its real path is the share's real path and the same steps).</summary>
    public static bool IsPlain(string share, string relative)
    {
        var root = ShareNative.Canonical(share);
        var real = ShareNative.Canonical(Path.Combine(share, relative));
        return root is not null && real is not null && real == Path.Join(root, relative.Trim('/'));
    }
}
