namespace Workbench.Drivers.Slurm;

/// <summary>
/// The files of one Slurm instance, in a 0700 folder under Drivers:Slurm:SharePath, which the server
/// and every node see at the same path: its home (kept across stops), its job script, its log, the
/// handle, and the endpoints file its job writes once it knows its node and ports.
/// </summary>
internal sealed class SlurmInstanceFolder(string sharePath, Guid computeId)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Root { get; } = Path.Combine(sharePath, "instances", computeId.ToString("N"));
    public string Home => Path.Combine(Root, "home");
    public string JobScript => Path.Combine(Root, "job.sh");
    public string Log => Path.Combine(Root, "instance.log");
    public string Handle => Path.Combine(Root, "handle.json");
    public string Endpoints => Path.Combine(Root, "endpoints");

    public bool Exists => Directory.Exists(Root);

    /// <summary>The folder and home (private to the server's user), and ~/cloudfiles pointing at the workspace share.</summary>
    public void Create(string workspaceShare)
    {
        Directory.CreateDirectory(Root, OwnerOnly);
        Directory.CreateDirectory(Home, OwnerOnly);
        Directory.CreateDirectory(workspaceShare);
        var link = Path.Combine(Home, "cloudfiles");
        if (new FileInfo(link).LinkTarget != workspaceShare)
        {
            File.Delete(link);
            File.CreateSymbolicLink(link, workspaceShare);
        }
    }

    public SlurmHandle? ReadHandle() =>
        File.Exists(Handle) ? SlurmHandle.FromJson(File.ReadAllText(Handle)) : null;

    public void WriteHandle(SlurmHandle handle) => WriteAtomically(Handle, handle.ToJson());

    public static void WriteAtomically(string path, string text) => AtomicFile.Write(path, text, UnixFileMode.UserRead | UnixFileMode.UserWrite);
}
