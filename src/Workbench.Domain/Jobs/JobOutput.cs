namespace Workbench.Domain.Jobs;

/// <summary>
/// One output of a job: a path in the workspace file share, a folder (uri_folder, the default, made
/// before the job starts) or one file (uri_file, whose folder is made), as Azure ML types them.
/// </summary>
public sealed record JobOutput(string Path, string Type = JobOutput.Folder)
{
    public const string Folder = "uri_folder";
    public const string File = "uri_file";

    public static IReadOnlyList<string> Types { get; } = [Folder, File];

    /// <summary>The folder that must exist before the job writes this output.</summary>
    public string FolderToMake => Type == File ? (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } parent ? parent : ".") : Path;
}
