using System.Text;

namespace Workbench.Drivers;

/// <summary>Reads the last lines of a log without loading the whole file.</summary>
internal static class LogTail
{
    private const int MaxBytes = 16 * 1024;

    public static string Read(string path, int lines)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return Read(file, lines);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }

    /// <summary>The last lines of an open file.</summary>
    public static string Read(FileStream file, int lines)
    {
        var length = (int)Math.Min(file.Length, MaxBytes);
        file.Seek(-length, SeekOrigin.End);
        var buffer = new byte[length];
        file.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer).TrimEnd('\n');
        return string.Join('\n', text.Split('\n').TakeLast(lines));
    }
}
