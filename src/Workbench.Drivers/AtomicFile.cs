using System.Text;

namespace Workbench.Drivers;

/// <summary>
/// Writes a file whole or not at all: a temporary file beside it, renamed over it. The temporary file is made
/// new, never truncated: ext4 writes a file truncated to nothing out to disk as it is closed (its
/// auto_da_alloc), and File.WriteAllText's truncate set that off for every script of every job. Written
/// through the page cache instead, a job's files are usually deleted again before any of them reaches the disk.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, string text, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        // One left behind by a crash.
        File.Delete(temp);
        WriteNewFile(temp, text, mode);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Writes a file that nobody reads before it is written (a job's scripts, before the job is handed over) under its
    /// own name when it is not there yet, with no temporary file to remove and rename; one that is there (a write cut
    /// short by a crash, tried again) is replaced whole.
    /// </summary>
    public static void WriteUnread(string path, string text, UnixFileMode mode)
    {
        try
        {
            WriteNewFile(path, text, mode);
        }
        catch (IOException) when (File.Exists(path))
        {
            Write(path, text, mode);
        }
    }

    private static void WriteNewFile(string path, string text, UnixFileMode mode)
    {
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0, UnixCreateMode = mode });
        // Exactly the mode asked for, whatever the umask took from it.
        File.SetUnixFileMode(file.SafeFileHandle, mode);
        file.Write(Encoding.UTF8.GetBytes(text));
    }
}
