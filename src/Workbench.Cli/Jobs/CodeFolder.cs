using System.Formats.Tar;

namespace Workbench.Cli.Jobs;

/// <summary>Packs a job's code folder as a tar archive in a temporary file: files and folders only, nothing from outside it.</summary>
internal static class CodeFolder
{
    /// <summary>The archive, open at its start; it deletes itself when closed.</summary>
    public static async Task<FileStream> PackAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliException($"the spec's code folder '{folder}' does not exist (code is relative to the spec file).");
        }
        var archive = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            {
                await AddAsync(writer, new DirectoryInfo(folder), "", cancellationToken);
            }
            archive.Position = 0;
            return archive;
        }
        catch
        {
            await archive.DisposeAsync();
            throw;
        }
    }

    private static async Task AddAsync(TarWriter writer, DirectoryInfo folder, string prefix, CancellationToken cancellationToken)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var name = prefix + entry.Name;
            if (entry.LinkTarget is not null)
            {
                throw new CliException($"the code folder holds a link, {entry.FullName}; Workbench sends only files and folders.");
            }
            if (entry is DirectoryInfo child)
            {
                await writer.WriteEntryAsync(entry.FullName, name + "/", cancellationToken);
                await AddAsync(writer, child, name + "/", cancellationToken);
            }
            else
            {
                await writer.WriteEntryAsync(entry.FullName, name, cancellationToken);
            }
        }
    }
}
