using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Workbench.Domain.Catalog;

namespace Workbench.Drivers.Local;

/// <summary>
/// An instance's job agent (job-agent.py, run by python3 inside the instance's sandbox): it starts the
/// instance's jobs there, each a process of the sandbox in a session of its own, so a job costs one
/// process start instead of a sandbox of its own. It reads job ids from a FIFO the server made, starts
/// each as the instance's slots free (holding the others waiting, in submit order: the server hands it
/// more than its slots, so a freed slot is taken without a round trip to the server), and writes what it
/// did in the instance's job records (<see cref="JobRecords"/>). A loop in the sandbox
/// starts it again should it die; it ends with the sandbox.
/// </summary>
internal static class JobAgent
{
    public const string ScriptName = "job-agent.py";
    private const string JobsInSandbox = Sandbox.FilesFolder + "/jobs";
    private const string RecordsInSandbox = Sandbox.FilesFolder + "/job-records";

    /// <summary>
    /// The FIFO's name. It names the hand-over's form: an agent started by an older Workbench starts every job it is
    /// handed at once (it reads "job-fifo"), or read a job's scripts from a folder of files ("job-queue"); a server of
    /// today opens neither, and says the instance needs a restart rather than hand more jobs than its slots to an agent
    /// that would run them all.
    /// </summary>
    public const string QueueName = "job-handover";
    private const string QueueInSandbox = Sandbox.FilesFolder + "/" + QueueName;
    private const int NoSuchFile = 2; // ENOENT: an instance started before it had a queue
    private const int NoReader = 6; // ENXIO: a FIFO nobody has open for reading
    private static readonly Lazy<string> Script = new(ReadScript);

    public static HostRequirement Requirement { get; } = new("/usr/bin/python3", "python3");

    /// <summary>Writes the agent's script and a new, empty queue, before each start of the instance.</summary>
    public static void Prepare(InstanceFolder folder)
    {
        AtomicFile.Write(folder.JobAgentScript, Script.Value, LaunchFolder.OwnerOnly);
        File.Delete(folder.JobQueue);
        if (Native.MakeFifo(folder.JobQueue, 0b110_000_000) != 0)
        {
            throw new DriverException($"Could not make the instance's job queue: error {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>What bubblewrap binds for it: the jobs' scripts read-only, the records writable, the queue.</summary>
    public static IEnumerable<string> SandboxArguments(InstanceFolder folder) =>
    [
        "--ro-bind", folder.Jobs, JobsInSandbox,
        "--bind", folder.JobRecords, RecordsInSandbox,
        "--ro-bind", folder.JobQueue, QueueInSandbox,
    ];

    /// <summary>
    /// A shell command that starts the agent, kept running by a loop (which waits 1 s before it starts it again,
    /// then 2 s, then 4 s each time, within the server's wait for a hand-over, <see cref="LocalJobDriver"/>), then
    /// becomes the given script (the instance's apps), whose end is the instance's. The app token is not the
    /// agent's, nor its jobs'.
    /// </summary>
    public static string StartThen(string script) =>
        $"(unset {AppsScript.TokenVariable}; pause=1; while :; do python3 {Sandbox.FilesFolder}/{ScriptName}; sleep $pause; [ $pause -ge 4 ] || pause=$((pause * 2)); done) & exec /bin/sh {script}";

    /// <summary>The queue, opened to hand jobs over; null when no agent reads it, or there is none (an instance stopped, or its agent between two starts).</summary>
    public static FileStream? OpenQueue(InstanceFolder folder)
    {
        var fd = Native.Open(folder.JobQueue, Native.WriteOnly | Native.NonBlocking | Native.CloseOnExec);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoReader or NoSuchFile ? null : throw new DriverException($"Could not open the instance's job queue: error {error}.");
        }
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }

    /// <summary>
    /// Hands the job over an open queue: one line with its id. False when the agent died since the queue was opened
    /// (EPIPE: its loop starts another, and the hand-over is tried again).
    /// </summary>
    public static bool Hand(FileStream queue, long jobId) => Write(queue, jobId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Asks the agent to drop a job it holds waiting for slots ("cancel id"); one it started already runs on.</summary>
    public static bool Cancel(FileStream queue, long jobId) => Write(queue, "cancel " + jobId.ToString(CultureInfo.InvariantCulture));

    private static bool Write(FileStream queue, string line)
    {
        try
        {
            // Far below PIPE_BUF, so written whole and never mixed with another server's line.
            queue.Write(Encoding.ASCII.GetBytes(line + "\n"));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string ReadScript()
    {
        using var stream = typeof(JobAgent).Assembly.GetManifestResourceStream(ScriptName)
            ?? throw new InvalidOperationException($"{ScriptName} is not embedded in {typeof(JobAgent).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
