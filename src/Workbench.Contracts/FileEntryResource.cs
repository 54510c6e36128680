namespace Workbench.Contracts;

/// <summary>A file or folder of a workspace's file share; its path is relative to the share, with '/'.</summary>
public sealed record FileEntryResource(string Name, string Path, string Type, long? Size, DateTimeOffset ModifiedAt)
{
    public const string File = "file";
    public const string Folder = "folder";
}

/// <summary>Renames or moves a file or folder inside the share.</summary>
public sealed record MoveFileRequest(string? From, string? To);
