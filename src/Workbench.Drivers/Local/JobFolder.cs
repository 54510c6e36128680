using System.Globalization;

namespace Workbench.Drivers.Local;

/// <summary>
/// The scripts of one job, in its instance's folder, which the instance's sandbox sees read-only: job.sh and
/// command.sh (<see cref="JobCommandScript"/>), who it runs for, and the folders its agent makes before it starts the job.
/// What became of the job is in the instance's <see cref="JobRecords"/>.
/// </summary>
internal sealed class JobFolder(InstanceFolder instance, long jobId)
{
    public const string FoldersName = "folders";
    public const string OwnerName = "owner";

    private readonly string _name = jobId.ToString(CultureInfo.InvariantCulture);

    public string Root => Path.Combine(instance.Jobs, _name);
    public bool Exists => Directory.Exists(Root);

    /// <summary>Writes the job's scripts, each whole before the job is handed to its agent (<see cref="AtomicFile.WriteUnread"/>).</summary>
    public void Write(JobLaunch job)
    {
        Directory.CreateDirectory(Root, LaunchFolder.OwnerExecutable);
        var inSandbox = $"{JobAgent.JobsInSandbox}/{_name}";
        var share = Sandbox.ShareOf(job.Owner);
        AtomicFile.WriteUnread(Path.Combine(Root, JobCommandScript.CommandScriptName), JobCommandScript.Command(job, share), LaunchFolder.OwnerOnly);
        AtomicFile.WriteUnread(Path.Combine(Root, OwnerName), job.Owner + "\n", LaunchFolder.OwnerOnly);
        AtomicFile.WriteUnread(Path.Combine(Root, FoldersName), string.Join('\n', JobCommandScript.Folders(job, share)) + "\n", LaunchFolder.OwnerOnly);
        AtomicFile.WriteUnread(Path.Combine(Root, JobCommandScript.JobScriptName),
            JobCommandScript.Job(job, share, $"{inSandbox}/{JobCommandScript.CommandScriptName}"), LaunchFolder.OwnerOnly);
    }
}
