using System.Formats.Tar;

namespace Workbench.Server.Jobs;

/// <summary>
/// Unpacks a job's code, sent as a tar archive, into an empty folder, reading it as it arrives. Only
/// files and folders are taken, each inside the code folder: an entry that climbs out ("../x", "/etc/x"),
/// a link or a device refuses the whole archive.
/// </summary>
public static class CodeArchive
{
    /// <summary>The most code one job may carry.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Returns what is wrong with the archive, or null once it is unpacked.</summary>
    public static async Task<string?> ExtractAsync(Stream archive, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder, Folder);
        var total = 0L;
        try
        {
            await using var reader = new TarReader(archive, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var relative = Inside(entry.Name);
                if (relative is null)
                {
                    return $"the archive's entry '{entry.Name}' leaves the code folder";
                }
                if (relative.Length == 0)
                {
                    continue;
                }
                var path = Path.Combine(folder, relative);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path, Folder);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        total += entry.Length;
                        if (total > MaxBytes)
                        {
                            return $"the code is larger than {MaxBytes / (1024 * 1024)} MiB";
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!, Folder);
                        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                        {
                            if (entry.DataStream is { } data)
                            {
                                await data.CopyToAsync(file, cancellationToken);
                            }
                        }
                        // Executable scripts stay executable; nothing more than rwxr-xr-x survives.
                        File.SetUnixFileMode(path, entry.Mode & (Folder | UnixFileMode.UserWrite));
                        break;
                    default:
                        return $"the archive's entry '{entry.Name}' is a {entry.EntryType}; code holds only files and folders";
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            return $"the code is not a valid tar archive: {e.Message}";
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            return $"the archive's entries could not be unpacked ({e.Message}); does it name one file twice?";
        }
        return null;
    }

    /// <summary>The entry's path below the code folder ("" for the folder itself), or null when it leaves it.</summary>
    private static string? Inside(string name)
    {
        if (name.StartsWith('/') || name.Contains('\\') || name.Contains('\0'))
        {
            return null;
        }
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        return segments.Contains("..") ? null : string.Join('/', segments);
    }
}
