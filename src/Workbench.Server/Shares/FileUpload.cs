namespace Workbench.Server.Shares;

/// <summary>
/// Writes an upload beside its target under a temporary name and moves it into place when complete,
/// so a reader (or a job) never sees half a file and a broken upload leaves nothing behind.
/// </summary>
public static class FileUpload
{
    private const string PartialPrefix = ".wb-upload-";

    public static bool IsPartial(string name) => name.StartsWith(PartialPrefix, StringComparison.Ordinal);

    public static async Task WriteAsync(Stream body, string target, CancellationToken cancellationToken)
    {
        var partial = Path.Combine(Path.GetDirectoryName(target)!, PartialPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await body.CopyToAsync(file, 1 << 16, cancellationToken);
            }
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
