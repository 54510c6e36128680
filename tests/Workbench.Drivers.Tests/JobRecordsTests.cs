using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>
/// The job records a sandbox may write: what a job plants there (a link to a host file, a FIFO) is neither
/// followed nor waited on, and the queue a job is handed over on says when no agent reads it.
/// </summary>
public sealed class JobRecordsTests : IDisposable
{
    private const long JobId = 7;
    private const int LockExclusive = 2; // flock's LOCK_EX, as a job's processes hold it
    private readonly TempFolder _root = new("wb-records");
    private readonly InstanceFolder _instance;

    public JobRecordsTests()
    {
        _instance = new InstanceFolder(new LocalDriverOptions { StateDir = _root.Path }, Guid.NewGuid());
        _instance.CreatePrivateFolders();
    }

    private string Record(string record) => Path.Combine(_instance.JobRecords, JobRecords.NameOf(JobId, record));

    [Fact]
    public void RecordsAsTheAgentWritesThem_AreRead()
    {
        File.WriteAllText(Record(JobRecords.StartedRecord), "started 1764230400123456789 42 987654\nended 1764230401000000000 137\n");
        File.WriteAllText(Record(JobRecords.LogRecord), "one\ntwo\nthree\n");
        var records = _instance.Records;

        var claim = records.ReadClaim(JobId);
        Assert.NotNull(claim);
        Assert.Equal(new ProcessIdentity(42, 987654), claim.Start?.Process);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1764230400123456789 / 100), claim.Start?.At);
        Assert.Equal(new JobEnd(DateTimeOffset.UnixEpoch.AddTicks(1764230401000000000 / 100), 137), claim.End);
        Assert.False(claim.LockedApart);
        Assert.Equal("two\nthree", records.LogTail(JobId, 2));
        Assert.Equal(new JobLook(claim, claim, Held: false), records.Look(JobId));
    }

    [Fact]
    public void ALook_SaysHeldWhileAProcessOfTheJobHoldsItsRecord_AndEndedOnceItsAgentWroteTheEndAndLetGo()
    {
        var path = Record(JobRecords.StartedRecord);
        File.WriteAllText(path, "started 1764230400123456789 42 987654\n");
        var records = _instance.Records;
        Assert.False(records.Look(JobId)?.Held);

        // As the agent and the job's processes do it: a descriptor of their own, locked; the end written, then the lock let go.
        using (var held = new SafeFileHandle(Native.Open(path, Native.ReadOnly), ownsHandle: true))
        {
            Assert.Equal(0, Native.Flock(held, LockExclusive));
            var look = records.Look(JobId);
            Assert.True(look?.Held);
            Assert.Null(look?.Latest.End);
            using var record = new SafeFileHandle(Native.Open(path, Native.WriteOnly), ownsHandle: true);
            RandomAccess.Write(record, "ended 1764230401000000000 0\n"u8, RandomAccess.GetLength(record));
        }

        var ended = records.Look(JobId);
        Assert.False(ended?.Held);
        Assert.Equal(0, ended?.Latest.End?.ExitStatus);
    }

    [Fact]
    public void ALineBeingWritten_IsNotReadUntilWhole()
    {
        File.WriteAllText(Record(JobRecords.StartedRecord), "started 1764230400123456789 42 987654\nended 17642304");

        var claim = _instance.Records.ReadClaim(JobId);

        Assert.Equal(42, claim?.Start?.Process.Pid);
        Assert.Null(claim?.End);
    }

    [Fact]
    public void AClaimNotYetStarted_IsAClaimWithoutAStart()
    {
        File.WriteAllText(Record(JobRecords.StartedRecord), "");

        var claim = _instance.Records.ReadClaim(JobId);

        Assert.NotNull(claim);
        Assert.Null(claim.Start);
        Assert.Null(claim.End);
    }

    [Fact]
    public void RecordsOfAnAgentOfAnEarlierWorkbench_AreRead_WithItsLockFile()
    {
        File.WriteAllText(Record(JobRecords.StartedRecord), "1764230400123456789 42 987654");
        File.WriteAllText(Record(JobRecords.OldEndedRecord), "1764230401000000000");
        File.WriteAllText(Record(JobRecords.OldExitRecord), "137");
        using var lockFile = new FileStream(Record(JobRecords.OldLockRecord), FileMode.Create, FileAccess.Write);
        Assert.Equal(0, Native.Flock(lockFile.SafeFileHandle, LockExclusive));
        var records = _instance.Records;

        var claim = records.ReadClaim(JobId);

        Assert.Equal(new ProcessIdentity(42, 987654), claim?.Start?.Process);
        Assert.Equal(new JobEnd(DateTimeOffset.UnixEpoch.AddTicks(1764230401000000000 / 100), 137), claim?.End);
        Assert.True(claim!.LockedApart);
        // Its lock is looked at only while no end is recorded.
        Assert.False(records.Look(JobId)?.Held);
        File.Delete(Record(JobRecords.OldExitRecord));
        Assert.True(records.Look(JobId)?.Held);
    }

    [Fact]
    public void LinksToHostFiles_AreNotFollowed_AndDeletingRemovesTheLinkOnly()
    {
        var secret = Path.Combine(_root.Path, "secret.txt");
        File.WriteAllText(secret, "0\n");
        string[] names = [JobRecords.StartedRecord, JobRecords.LogRecord, JobRecords.OldLockRecord, JobRecords.OldEndedRecord, JobRecords.OldExitRecord];
        foreach (var record in names)
        {
            File.CreateSymbolicLink(Record(record), secret);
        }
        var records = _instance.Records;

        Assert.Null(records.ReadClaim(JobId));
        Assert.Equal("", records.LogTail(JobId, 5));
        Assert.Null(records.Look(JobId));
        // An earlier agent's record beside a lock file that is a link: the host file's lock is not the job's.
        File.Delete(Record(JobRecords.StartedRecord));
        File.WriteAllText(Record(JobRecords.StartedRecord), "1764230400123456789 42 987654");
        using (var secretLock = new FileStream(secret, FileMode.Open, FileAccess.Read))
        {
            Assert.Equal(0, Native.Flock(secretLock.SafeFileHandle, LockExclusive));
            Assert.False(records.Look(JobId)?.Held);
        }

        records.Delete(JobId, records.ReadClaim(JobId));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_instance.JobRecords));
        Assert.Equal("0\n", File.ReadAllText(secret));
    }

    [Fact]
    public void AFifoForARecord_IsNotWaitedOn()
    {
        File.WriteAllText(Record(JobRecords.StartedRecord), "1764230400123456789 42 987654");
        Assert.Equal(0, Native.MakeFifo(Record(JobRecords.OldExitRecord), 0b110_000_000));
        Assert.Equal(0, Native.MakeFifo(Record(JobRecords.LogRecord), 0b110_000_000));
        var clock = Stopwatch.StartNew();

        Assert.Null(_instance.Records.ReadClaim(JobId)?.End);
        Assert.Equal("", _instance.Records.LogTail(JobId, 5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "reading a FIFO record waited");
    }

    [Fact]
    public void HandingOver_WithNoQueue_OrNoAgentReadingIt_SaysSo()
    {
        Assert.Null(JobAgent.OpenQueue(_instance));

        JobAgent.Prepare(_instance);
        Assert.Null(JobAgent.OpenQueue(_instance));

        using var reader = new FileStream(_instance.JobQueue, FileMode.Open, FileAccess.ReadWrite);
        using var queue = JobAgent.OpenQueue(_instance);
        Assert.NotNull(queue);
        Assert.True(JobAgent.Hand(queue, JobId));
        var line = new byte[8];
        Assert.Equal("7\n", System.Text.Encoding.ASCII.GetString(line, 0, reader.Read(line)));
    }

    public void Dispose() => _root.Dispose();
}
