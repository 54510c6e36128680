namespace Workbench.Domain.Jobs;

/// <summary>A path in a workspace's file share as a job spec writes it: relative, and never leaving the share.</summary>
public static class SharePath
{
    /// <summary>The path without "./" segments or a trailing '/', or null with <paramref name="error"/> saying why it is refused.</summary>
    public static string? Normalize(string? path, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(path))
        {
            error = "a path in the workspace share is required";
            return null;
        }
        if (path.StartsWith('/') || path.Contains('\0') || path.Contains('\\'))
        {
            error = $"'{path}' must be relative to the workspace share, with '/' between folders";
            return null;
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Contains(".."))
        {
            error = $"'{path}' leaves the workspace share ('..' is not allowed)";
            return null;
        }
        if (segments.Count == 0)
        {
            error = $"'{path}' names the share itself; name a file or folder in it";
            return null;
        }
        return string.Join('/', segments);
    }
}
