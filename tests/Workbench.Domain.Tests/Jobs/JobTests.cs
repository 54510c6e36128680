using Workbench.Domain.Jobs;

namespace Workbench.Domain.Tests.Jobs;

public sealed class JobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Compute = Guid.NewGuid();

    private static Job NewJob(TimeSpan? timeout = null) => new("default", "train-1",
        new JobSpec("train-1", "Train", "churn", "", "python train.py", null, "jupyter", "box", ResourceRequest.Default,
            new Dictionary<string, JobInput>(), new Dictionary<string, JobOutput>(), new Dictionary<string, string>(), timeout),
        TargetKind.Instance, null, "alice", "hash", Now);

    private static Job Running(TimeSpan? timeout = null)
    {
        var job = NewJob(timeout);
        job.Assign(Compute, Now);
        job.Launched("{}", Now.AddSeconds(1), Now.AddSeconds(1));
        return job;
    }

    [Fact]
    public void Launched_WithItsSchedulersHosts_KeepsThem_UnlessTooLongToKeepWhole()
    {
        var placed = NewJob();
        placed.Assign(Compute, Now);
        placed.Launched("{}", Now, Now, "node[1-2]");
        Assert.Equal((JobState.Running, "node[1-2]"), (placed.State, placed.Hosts));

        var huge = NewJob();
        huge.Assign(Compute, Now);
        huge.Launched("{}", Now, Now, new string('n', Job.MaxHostsLength + 1));
        Assert.Equal((JobState.Running, (string?)null), (huge.State, huge.Hosts));
        Assert.Null(Running().Hosts);
    }

    [Fact]
    public void Exited_Zero_Completes_NonZero_FailsWithItsCode()
    {
        var ok = Running();
        ok.Exited(0, Now.AddSeconds(5), null, Now.AddSeconds(5));
        Assert.Equal((JobState.Completed, (JobReason?)null, 0), (ok.State, ok.Reason, ok.ExitCode));

        var bad = Running();
        bad.Exited(3, Now.AddSeconds(5), "", Now.AddSeconds(5));
        Assert.Equal((JobState.Failed, (JobReason?)JobReason.ExitCode, 3), (bad.State, bad.Reason, bad.ExitCode));
        Assert.Equal("Exited with code 3.", bad.Message);
        Assert.Equal(Now.AddSeconds(5), bad.EndedAt);
    }

    [Fact]
    public void Exited_AfterWorkbenchDecidedToEndIt_KeepsThatReason()
    {
        var timedOut = Running(TimeSpan.FromMinutes(30));
        timedOut.EndFor(JobReason.Timeout, Now);
        timedOut.EndFor(JobReason.Canceled, Now);
        timedOut.Exited(143, Now, null, Now);
        Assert.Equal((JobState.Failed, (JobReason?)JobReason.Timeout), (timedOut.State, timedOut.Reason));
        Assert.Contains("30m", timedOut.Message, StringComparison.Ordinal);

        var canceled = Running();
        canceled.Cancel(Now);
        Assert.Equal(JobState.Running, canceled.State);
        canceled.Exited(143, Now, null, Now);
        Assert.Equal((JobState.Canceled, (JobReason?)JobReason.Canceled), (canceled.State, canceled.Reason));

        var lost = Running();
        lost.Exited(null, Now, null, Now);
        Assert.Equal((JobState.Failed, (JobReason?)JobReason.Lost), (lost.State, lost.Reason));
    }

    [Fact]
    public void Cancel_Queued_EndsAtOnce_Final_IsRefused()
    {
        var job = NewJob();
        job.Cancel(Now);
        Assert.Equal(JobState.Canceled, job.State);
        Assert.Throws<JobStateException>(() => job.Cancel(Now));
        Assert.Throws<JobStateException>(() => job.Assign(Compute, Now));
    }

    [Fact]
    public void Requeue_FromStarting_GoesBackToTheQueue_ForgettingItsCompute()
    {
        var job = NewJob();
        job.Assign(Compute, Now);
        Assert.Equal(Compute, job.ComputeId);
        job.Requeue(Now);
        Assert.Equal((JobState.Queued, (Guid?)null), (job.State, job.ComputeId));
        Assert.Throws<JobStateException>(() => Running().Requeue(Now));
    }

    [Fact]
    public void Deadline_IsStartPlusTimeout()
    {
        Assert.Equal(Now.AddSeconds(1).AddMinutes(30), Running(TimeSpan.FromMinutes(30)).Deadline);
        Assert.Null(Running().Deadline);
        Assert.Null(NewJob(TimeSpan.FromMinutes(30)).Deadline);
    }

    [Fact]
    public void Version_ChangesWithEveryMove()
    {
        var job = NewJob();
        var versions = new List<long> { job.Version };
        job.Assign(Compute, Now);
        versions.Add(job.Version);
        job.Launched("{}", Now, Now);
        versions.Add(job.Version);
        job.EndFor(JobReason.Canceled, Now);
        versions.Add(job.Version);
        job.Exited(null, Now, null, Now);
        versions.Add(job.Version);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }
}
