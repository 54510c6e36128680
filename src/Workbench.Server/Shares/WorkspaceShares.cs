using Microsoft.Extensions.Options;

namespace Workbench.Server.Shares;

/// <summary>Where each workspace's file share lives; it outlives every compute that mounts it.</summary>
public sealed class WorkspaceShares(IOptions<WorkbenchOptions> options)
{
    public string PathOf(string workspace) => Path.Combine(options.Value.DataDir, "shares", workspace);

    /// <summary>The share's files, for the file API; the share is made on first use.</summary>
    public ShareFolder FilesOf(string workspace) => new(Directory.CreateDirectory(PathOf(workspace)).FullName);
}
