namespace Workbench.Server.Shares;

/// <summary>
/// Paths inside one workspace share, for the file API. A path is relative, uses '/', and may not leave the share:
/// no "..", no absolute paths, no NUL, and no symbolic link along the way that points outside
/// (users create links from their instances; following one must not reach the server's files).
/// </summary>
public sealed class ShareFolder(string root)
{
    public const int MaxPathLength = 1024;

    /// <summary>The longest file name Linux file systems hold, in bytes.</summary>
    public const int MaxNameBytes = 255;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The full path for a share path ("" or "/" is the share itself), or why it is refused.</summary>
    public (string? FullPath, string? Error) Resolve(string? path)
    {
        var relative = (path ?? "").Trim('/');
        if (relative.Length > MaxPathLength || relative.Contains('\0', StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal))
        {
            return (null, $"'{Shorten(path)}' is not a share path: at most {MaxPathLength} characters, '/' between names, no NUL or '\\'.");
        }
        var segments = relative.Length == 0 ? [] : relative.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return (null, $"'{Shorten(path)}' is not a share path: it may not hold '.', '..' or '//'; paths stay inside the share.");
        }
        if (segments.Any(s => System.Text.Encoding.UTF8.GetByteCount(s) > MaxNameBytes))
        {
            return (null, $"'{Shorten(path)}' is not a share path: a name in it is longer than {MaxNameBytes} bytes.");
        }
        var full = segments.Length == 0 ? Root : Path.Combine(Root, Path.Combine(segments));
        return EscapesThroughLink(full) ? (null, $"'{Shorten(path)}' leads outside the share through a symbolic link.") : (full, null);
    }

    /// <summary>The share path of a full path under the root ("" for the root).</summary>
    public string ShareRelative(string fullPath) => Path.GetRelativePath(Root, fullPath) is "." ? "" : Path.GetRelativePath(Root, fullPath);

    /// <summary>
    /// Whether a link on the way to the path resolves outside the share. This checks, then the
    /// caller uses the path: a link swapped in between (from an instance, which sees the share) is
    /// not caught; the window is one request's.
    /// </summary>
    private bool EscapesThroughLink(string full)
    {
        for (var current = full; current.Length > Root.Length; current = Path.GetDirectoryName(current)!)
        {
            var info = new FileInfo(current);
            if (info.LinkTarget is not null && (info.ResolveLinkTarget(returnFinalTarget: true) is not { } target || !IsUnderRoot(target.FullName)))
            {
                return true;
            }
        }
        return false;
    }

    private bool IsUnderRoot(string path) => path == Root || path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Shorten(string? path) => path is null ? "" : path.Length <= 80 ? path : path[..80] + "…";
}
