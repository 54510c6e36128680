using System.Globalization;
using System.Text.Json;

namespace Workbench.Drivers.Local;

/// <summary>
/// The script of one job, jobs/&lt;id&gt;.sh in its instance's folder, which the instance's sandbox sees read-only
/// (<see cref="JobCommandScript"/>): one file a job, made and deleted with no folder around it. Its third line
/// tells the instance's job agent whom the job runs for, which folders to make before it starts it, the slots it
/// takes and the instance's slots (0: start it at once), as JSON
/// after <see cref="AgentNote"/> (one line, whatever the paths hold). What became of the job is in the
/// instance's <see cref="JobRecords"/>.
/// </summary>
internal sealed class JobScriptFile(InstanceFolder instance, long jobId)
{
    /// <summary>How the script's third line starts, after "# "; the agent's JSON follows.</summary>
    public const string AgentNote = "workbench-agent ";

    public string Path { get; } = System.IO.Path.Combine(instance.Jobs, jobId.ToString(CultureInfo.InvariantCulture) + ".sh");

    /// <summary>Writes the script whole before the job is handed to its agent (<see cref="AtomicFile.WriteUnread"/>).</summary>
    public void Write(JobLaunch job)
    {
        var share = Sandbox.ShareOf(job.Owner);
        var note = AgentNote + JsonSerializer.Serialize(new { owner = job.Owner, folders = JobCommandScript.Folders(job, share), cpu = job.Resources.Cpu, slots = job.Slots });
        AtomicFile.WriteUnread(Path, JobCommandScript.Job(job, share, note), LaunchFolder.OwnerOnly);
    }

    public void Delete() => File.Delete(Path);
}
