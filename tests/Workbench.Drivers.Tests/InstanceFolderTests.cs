using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>Where an instance's files are: its jobs' hand-over files in the runtime folder, but for an instance started before they were kept there.</summary>
public sealed class InstanceFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder _root = new("wb-instance-folder");
    private readonly Guid _id = Guid.NewGuid();

    private LocalDriverOptions Options => new() { StateDir = Path.Combine(_root.Path, "state"), RuntimeDir = Path.Combine(_root.Path, "runtime") };

    private string Handover => Path.Combine(_root.Path, "runtime", _id.ToString("N"));

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Started_ItsJobsAreHandedOverInItsRuntimeFolder_OwnerOnly_AndDeleteTakesBothFolders()
    {
        var folder = new InstanceFolder(Options, _id);
        folder.CreatePrivateFolders();

        var again = new InstanceFolder(Options, _id);
        Assert.Equal(Path.Combine(Handover, "job-records"), again.Records.Folder);
        Assert.Equal(Path.Combine(Handover, "jobs"), again.Jobs);
        Assert.Equal(Path.Combine(Handover, JobAgent.QueueName), again.JobQueue);
        Assert.True(Directory.Exists(again.Records.Folder));
        Assert.True(Directory.Exists(again.Jobs));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Handover));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.GetDirectoryName(Handover)!));
        Assert.False(Directory.Exists(Path.Combine(folder.Root, "job-records")));

        again.Delete();
        Assert.False(Directory.Exists(Handover));
        Assert.False(Directory.Exists(folder.Root));
        new InstanceFolder(Options, _id).Delete();
    }

    [Fact]
    public void StartedBeforeJobsWereHandedOverInTheRuntimeFolder_ItsJobsAreFoundInItsOwnFolder_UntilItStartsAgain()
    {
        var root = Path.Combine(_root.Path, "state", _id.ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "job-records"));
        Assert.Equal(Path.Combine(root, "job-records"), new InstanceFolder(Options, _id).Records.Folder);
        Assert.Equal(Path.Combine(root, JobAgent.QueueName), new InstanceFolder(Options, _id).JobQueue);

        new InstanceFolder(Options, _id).CreatePrivateFolders();
        Assert.Equal(Path.Combine(Handover, "job-records"), new InstanceFolder(Options, _id).Records.Folder);
    }

    [Fact]
    public void NoRuntimeFolder_ItsJobsAreHandedOverInItsOwnFolder()
    {
        var options = new LocalDriverOptions { StateDir = Path.Combine(_root.Path, "state") };
        var folder = new InstanceFolder(options, _id);
        folder.CreatePrivateFolders();
        Assert.Equal(Path.Combine(folder.Root, "job-records"), new InstanceFolder(options, _id).Records.Folder);
        Assert.True(Directory.Exists(Path.Combine(folder.Root, "jobs")));
    }
}
