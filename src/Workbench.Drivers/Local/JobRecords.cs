using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Workbench.Drivers.Local;

/// <summary>
/// What an instance's job agent (job-agent.py) writes of each job, in a folder the sandbox may write to: its
/// record, &lt;id&gt;.started (created empty as the agent claims the job, then "queued nanoseconds" when it waits
/// for slots, "started nanoseconds pid starttime" with the pid as the sandbox sees it, then "ended nanoseconds
/// status", a line each, and locked by the agent while the job waits and by the job's processes while any
/// lives), and &lt;id&gt;.log. An agent started by an earlier Workbench wrote
/// a file for each fact (the start alone in the record, &lt;id&gt;.lock, &lt;id&gt;.ended, &lt;id&gt;.exit): its
/// jobs are read from those. A job's own processes can write here too, so every file is opened without
/// following a link (a job cannot make the server read a host file) and without blocking (nor make it wait
/// on a FIFO), and only numbers are taken from the records; the log is shown as the job's own text.
/// </summary>
internal sealed class JobRecords(string folder)
{
    private const int MaxRecordBytes = 256;

    public string Folder { get; } = folder;

    public static string NameOf(long jobId, string record) => jobId.ToString(CultureInfo.InvariantCulture) + record;

    public const string StartedRecord = ".started";
    public const string LogRecord = ".log";
    public const string OldLockRecord = ".lock";
    public const string OldEndedRecord = ".ended";
    public const string OldExitRecord = ".exit";

    private const string QueuedLine = "queued ";
    private const string StartedLine = "started ";
    private const string EndedLine = "ended ";

    private static readonly string[] Current = [StartedRecord, LogRecord];
    private static readonly string[] All = [.. Current, OldLockRecord, OldEndedRecord, OldExitRecord];

    /// <summary>The start record's three numbers once the agent has written them; null before.</summary>
    public JobStart? ReadStarted(long jobId) => ReadClaim(jobId)?.Start;

    /// <summary>
    /// The agent's claim of the job (its record), with its start and its end once written; null while it has not claimed
    /// it. A job claimed waits for slots, runs, ran, or is starting; it never starts again (but for one whose agent died
    /// while it waited, whose record the driver deletes).
    /// </summary>
    public JobClaim? ReadClaim(long jobId)
    {
        using var handle = Open(jobId, StartedRecord);
        return handle is null ? null : ReadClaim(jobId, handle);
    }

    /// <summary>
    /// The job's claim and whether a process of it holds its lock, through one descriptor of its record (null while it
    /// is unclaimed): the record read and, with no end in it, the lock tried and the record read again. The agent
    /// records the end before it lets go of the lock, so a lock found free means the second read has the end.
    /// </summary>
    public JobLook? Look(long jobId)
    {
        using var handle = Open(jobId, StartedRecord);
        if (handle is null)
        {
            return null;
        }
        var claim = ReadClaim(jobId, handle);
        if (claim.End is not null)
        {
            return new JobLook(claim, claim, Held: false);
        }
        var held = claim.LockedApart ? IsHeldApart(jobId) : IsHeld(handle);
        // When it was claimed is the first read's: the second is for the lines written since.
        return new JobLook(claim, ReadClaim(jobId, handle, claim.At), held);
    }

    private JobClaim ReadClaim(long jobId, SafeFileHandle handle, DateTimeOffset? claimed = null)
    {
        var claimedAt = claimed ?? new DateTimeOffset(File.GetLastWriteTimeUtc(handle));
        var text = ReadSmall(handle);
        // The agent writes its queued or start line first, whatever happens to the job; an earlier agent wrote no word before it.
        if (text.Length == 0 || text.StartsWith(QueuedLine, StringComparison.Ordinal) || text.StartsWith(StartedLine, StringComparison.Ordinal))
        {
            // Only whole lines: a line being written is read once it is.
            var lines = text[..(text.LastIndexOf('\n') + 1)].Split('\n');
            string? After(string word) => lines.FirstOrDefault(l => l.StartsWith(word, StringComparison.Ordinal))?[word.Length..];
            return new JobClaim(claimedAt,
                After(StartedLine) is { } started ? ParseStart(started) : null,
                After(EndedLine) is { } ended ? ParseEnd(ended) : null,
                LockedApart: false)
            {
                Queued = After(QueuedLine) is { } queued ? ScriptFiles.ParseTime(queued.Trim()) : null,
            };
        }
        return new JobClaim(claimedAt, ParseStart(text.Trim()), ReadOldEnd(jobId), LockedApart: true);
    }

    private static JobStart? ParseStart(string record) =>
        record.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var time, var pid, var start]
        && ScriptFiles.ParseTime(time) is { } at && ProcessIdentity.Parse(pid, start) is { } process
            ? new JobStart(at, process)
            : null;

    private static JobEnd? ParseEnd(string record) =>
        record.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var time, var status] && ParseStatus(status) is { } code
            ? new JobEnd(ScriptFiles.ParseTime(time), code)
            : null;

    private JobEnd? ReadOldEnd(long jobId) =>
        ParseStatus(Read(jobId, OldExitRecord).Trim()) is { } code ? new JobEnd(ScriptFiles.ParseTime(Read(jobId, OldEndedRecord).Trim()), code) : null;

    private static int? ParseStatus(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;

    /// <summary>Whether a process of the job holds its lock: its record, open here.</summary>
    private static bool IsHeld(SafeFileHandle record) =>
        Native.Flock(record, Native.LockShared | Native.LockNonBlocking) != 0 && Marshal.GetLastPInvokeError() == WouldBlock;

    /// <summary>Whether a process of the job holds the lock file of an earlier agent.</summary>
    private bool IsHeldApart(long jobId)
    {
        using var file = Open(jobId, OldLockRecord);
        return file is not null && IsHeld(file);
    }

    /// <summary>The last lines of what went wrong around the job's command.</summary>
    public string LogTail(long jobId, int lines) => Read(jobId, LogRecord, file => Drivers.LogTail.Read(file, lines));

    /// <summary>
    /// Deletes the job's records; a link among them goes, not what it points to. Those of a claim read in this
    /// Workbench's format are two files; an earlier agent's, or those of a job whose claim was not read, may be more.
    /// </summary>
    public void Delete(long jobId, JobClaim? claim)
    {
        foreach (var record in claim is { LockedApart: false } ? Current : All)
        {
            File.Delete(Path.Combine(Folder, NameOf(jobId, record)));
        }
    }

    private const int WouldBlock = 11;

    /// <summary>A small record's text; empty when it is missing or not a file that can be read at once.</summary>
    private string Read(long jobId, string record)
    {
        using var handle = Open(jobId, record);
        return handle is null ? "" : ReadSmall(handle);
    }

    /// <summary>A small record's text from its start; empty when it cannot be read at once.</summary>
    private static string ReadSmall(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[MaxRecordBytes];
        var read = Native.ReadAt(handle, buffer, (nuint)buffer.Length, offset: 0);
        return read <= 0 ? "" : System.Text.Encoding.ASCII.GetString(buffer[..(int)read]);
    }

    private string Read(long jobId, string record, Func<FileStream, string> read)
    {
        using var handle = Open(jobId, record);
        return handle is null ? "" : Read(handle, read);
    }

    private static string Read(SafeFileHandle handle, Func<FileStream, string> read)
    {
        try
        {
            using var file = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            return read(file);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private SafeFileHandle? Open(long jobId, string record)
    {
        var fd = Native.Open(Path.Combine(Folder, NameOf(jobId, record)), Native.ReadOnly | Native.NoFollow | Native.NonBlocking | Native.CloseOnExec);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }
}

/// <summary>
/// A job its agent claimed: when (the record's last write), its start and its end once the agent has recorded them,
/// and whether its lock is a file of its own (an agent of an earlier Workbench).
/// </summary>
internal sealed record JobClaim(DateTimeOffset At, JobStart? Start, JobEnd? End, bool LockedApart)
{
    /// <summary>When the agent put it among the jobs waiting for slots; null for one it started at once.</summary>
    public DateTimeOffset? Queued { get; init; }

    /// <summary>Held back by its agent: it has neither started nor ended.</summary>
    public bool Waits => Queued is not null && Start is null && End is null;
}

/// <summary>
/// One look at a job's record: the claim first read, the claim read again once its lock was tried (the same when the
/// first had its end), and whether a process of the job held that lock.
/// </summary>
internal sealed record JobLook(JobClaim Claim, JobClaim Latest, bool Held);

/// <summary>A job's start as its agent recorded it: when, and its first process as the sandbox names it.</summary>
internal sealed record JobStart(DateTimeOffset At, ProcessIdentity Process);

/// <summary>A job's end as its agent recorded it: when (unknown for a time it could not read), and its exit status.</summary>
internal sealed record JobEnd(DateTimeOffset? At, int ExitStatus);
