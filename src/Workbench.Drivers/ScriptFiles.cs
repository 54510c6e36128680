using System.Globalization;

namespace Workbench.Drivers;

/// <summary>
/// Reads the small files a job's own scripts write beside it (its start and end times, its exit status).
/// A file that is missing or not fully written yet reads as null.
/// </summary>
internal static class ScriptFiles
{
    /// <summary>A time written as nanoseconds since the epoch (`date +%s%N`).</summary>
    public static DateTimeOffset? ReadTime(string path) => ParseTime(ReadText(path));

    /// <summary>Nanoseconds since the epoch as a time; null unless it is a number.</summary>
    public static DateTimeOffset? ParseTime(string nanoseconds) =>
        long.TryParse(nanoseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? DateTimeOffset.UnixEpoch.AddTicks(value / 100)
            : null;

    /// <summary>
    /// When a script marked a moment by creating the file (`: > file`, which starts no process): the file's
    /// modification time; null while there is none. A time written in it (<see cref="ReadTime"/>) wins.
    /// </summary>
    public static DateTimeOffset? ReadMarkTime(string path) => ModifiedAt(path) is { } marked ? ReadTime(path) ?? marked : null;

    /// <summary>When the file was last written; null while there is none.</summary>
    public static DateTimeOffset? ModifiedAt(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new DateTimeOffset(file.LastWriteTimeUtc) : null;
    }

    /// <summary>A whole number, such as an exit status.</summary>
    public static int? ReadNumber(string path) =>
        int.TryParse(ReadText(path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The file's text, trimmed; empty when it is missing.</summary>
    public static string ReadText(string path)
    {
        // Looked for first: the waits on a job's end poll for files not there yet, and an exception each time cost more than the read.
        if (!File.Exists(path))
        {
            return "";
        }
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
