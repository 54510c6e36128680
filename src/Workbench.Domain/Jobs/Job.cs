namespace Workbench.Domain.Jobs;

/// <summary>
/// A command run on a compute: its spec, where it is in its life, and how it ended. The store numbers
/// jobs as they are submitted; that number is the queue's order.
/// </summary>
public sealed class Job
{
    private Job()
    {
    }

    public Job(string workspace, string name, JobSpec spec, TargetKind targetKind, Guid? codeUpload, string submittedBy, string specHash, DateTimeOffset now)
    {
        Workspace = workspace;
        Name = name;
        NameKey = JobName.Key(name);
        DisplayName = spec.DisplayName;
        ExperimentName = spec.ExperimentName;
        Description = spec.Description;
        Command = spec.Command;
        Code = spec.Code;
        CodeUpload = codeUpload;
        Environment = spec.Environment ?? "";
        TargetKind = targetKind;
        Compute = spec.Compute;
        ComputeKey = spec.Compute.ToLowerInvariant();
        Cpu = spec.Resources.Cpu;
        MemoryBytes = spec.Resources.MemoryBytes;
        Gpu = spec.Resources.Gpu;
        Nodes = spec.Resources.InstanceCount;
        Inputs = new Dictionary<string, JobInput>(spec.Inputs);
        Outputs = new Dictionary<string, JobOutput>(spec.Outputs);
        EnvironmentVariables = new Dictionary<string, string>(spec.EnvironmentVariables);
        Timeout = spec.Timeout;
        SpecHash = specHash;
        SubmittedBy = submittedBy;
        State = JobState.Queued;
        SubmittedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Given by the store in submit order; the queue serves jobs by it.</summary>
    public long Id { get; private set; }

    public string Workspace { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NameKey { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string ExperimentName { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Command { get; private set; } = "";

    /// <summary>The code folder the user named (its copy is in the share under jobs/&lt;name&gt;/code), or null.</summary>
    public string? Code { get; private set; }

    /// <summary>Where the uploaded code waits until it is moved into the share (at once, or before the launch after a crash).</summary>
    public Guid? CodeUpload { get; private set; }

    /// <summary>The image the job runs in.</summary>
    public string Environment { get; private set; } = "";

    public TargetKind TargetKind { get; private set; }
    public string Compute { get; private set; } = "";
    public string ComputeKey { get; private set; } = "";

    /// <summary>The compute it was given slots on (an instance deleted and made again under its name is another).</summary>
    public Guid? ComputeId { get; private set; }

    /// <summary>Slots it takes on its compute.</summary>
    public int Cpu { get; private set; }

    public long? MemoryBytes { get; private set; }
    public int Gpu { get; private set; }

    /// <summary>The nodes it takes on a cluster (resources.instance_count); 1 on an instance.</summary>
    public int Nodes { get; private set; } = 1;

    public IReadOnlyDictionary<string, JobInput> Inputs { get; private set; } = new Dictionary<string, JobInput>();

    public IReadOnlyDictionary<string, JobOutput> Outputs { get; private set; } = new Dictionary<string, JobOutput>();

    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; private set; } = new Dictionary<string, string>();
    public TimeSpan? Timeout { get; private set; }

    /// <summary>A hash of the spec as submitted: the same PUT again is recognised as the same request.</summary>
    public string SpecHash { get; private set; } = "";

    public string SubmittedBy { get; private set; } = "";
    public JobState State { get; private set; }

    /// <summary>Why it failed or was canceled; set as soon as Workbench decides to end it.</summary>
    public JobReason? Reason { get; private set; }

    /// <summary>What happened, in a sentence for its user.</summary>
    public string? Message { get; private set; }

    public int? ExitCode { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>When its process started, as its launcher recorded it.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The driver's opaque state for finding the job's processes again.</summary>
    public string? DriverHandle { get; private set; }

    /// <summary>The longest node list kept in <see cref="Hosts"/>.</summary>
    public const int MaxHostsLength = 1024;

    /// <summary>Where its scheduler placed it once it ran (Slurm's node list, "node[1-2]"); null on an instance or a local cluster's node.</summary>
    public string? Hosts { get; private set; }

    /// <summary>
    /// On a Slurm cluster, the lane it was handed to: Slurm runs one job of a lane at a time, so the next
    /// ones wait in Slurm's queue, ready. A job of several nodes holds that many lanes from this one. Null
    /// elsewhere, and for a job handed to Slurm before lanes existed.
    /// </summary>
    public int? Lane { get; private set; }

    /// <summary>Bumped on every change; the store refuses a save based on a stale read.</summary>
    public long Version { get; private set; }

    /// <summary>Its deadline, once it runs and has a timeout.</summary>
    public DateTimeOffset? Deadline => StartedAt + Timeout;

    // Asked by users.

    /// <summary>A queued job ends at once; a starting or running one is marked, and its reconciler kills it.</summary>
    public void Cancel(DateTimeOffset now)
    {
        if (JobStateMachine.IsFinal(State))
        {
            throw new JobStateException(Name, State, "be canceled");
        }
        if (State is JobState.Queued)
        {
            Reason = JobReason.Canceled;
            Finish(JobState.Canceled, "Canceled before it started.", now);
            return;
        }
        EndFor(JobReason.Canceled, now);
    }

    // Decided by the queue.

    /// <summary>Slots on that compute were assigned to it; its launch follows.</summary>
    public void Assign(Guid computeId, DateTimeOffset now)
    {
        ComputeId = computeId;
        Move(JobState.Starting, now);
    }

    /// <summary>Handed to a Slurm cluster in that lane (the first of its lanes when it spans several nodes); its launch follows.</summary>
    public void AssignToLane(Guid clusterId, int lane, DateTimeOffset now)
    {
        Lane = lane;
        Assign(clusterId, now);
    }

    /// <summary>Its compute stopped before it was launched: it waits in the queue again, in its old place.</summary>
    public void Requeue(DateTimeOffset now)
    {
        ComputeId = null;
        Lane = null;
        Move(JobState.Queued, now);
    }

    /// <summary>It asks for more nodes than its cluster may ever have.</summary>
    public void NeverFitsNodes(int maxNodes, DateTimeOffset now)
    {
        Reason = JobReason.DoesNotFit;
        Finish(JobState.Failed, $"It needs {Nodes} nodes; cluster '{Compute}' has at most {maxNodes}.", now);
    }

    public void NeverFits(int slots, DateTimeOffset now)
    {
        Reason = JobReason.DoesNotFit;
        Finish(JobState.Failed, $"It needs {Cpu} slots; compute '{Compute}' has {slots}.", now);
    }

    // Observed by its reconciler.

    public void Launched(string driverHandle, DateTimeOffset startedAt, DateTimeOffset now, string? hosts = null)
    {
        DriverHandle = driverHandle;
        StartedAt = startedAt;
        // A list too long to keep whole is not kept: a cut one would name the wrong nodes.
        Hosts = hosts is { Length: <= MaxHostsLength } ? hosts : null;
        Move(JobState.Running, now);
    }

    /// <summary>
    /// What its scheduler last said of it while it waits there or runs (Slurm not answering, say), shown as its
    /// message until it ends; null clears it. Returns whether that changed anything to save.
    /// </summary>
    public bool Note(string? note, DateTimeOffset now)
    {
        if (State is not (JobState.Starting or JobState.Running) || Message == note)
        {
            return false;
        }
        Message = note;
        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>Marks why Workbench is about to kill it; the first reason stands.</summary>
    public void EndFor(JobReason reason, DateTimeOffset now)
    {
        if (Reason is null)
        {
            Reason = reason;
            UpdatedAt = now;
            Version++;
        }
    }

    /// <summary>Ends a job that was never launched, for the reason already set (a cancel while it was starting, say).</summary>
    public void EndUnlaunched(DateTimeOffset now)
    {
        var reason = Reason ?? JobReason.Lost;
        Reason = reason;
        Finish(reason == JobReason.Canceled ? JobState.Canceled : JobState.Failed, $"Ended before it started ({reason}).", now);
    }

    /// <summary>The driver could not launch it; the message says why.</summary>
    public void LaunchFailed(string error, DateTimeOffset now)
    {
        Reason = JobReason.LaunchFailed;
        Finish(JobState.Failed, error, now);
    }

    /// <summary>Its processes ended with this code. A job Workbench was ending keeps that reason.</summary>
    public void Exited(int? exitCode, DateTimeOffset endedAt, string? launcherLog, DateTimeOffset now)
    {
        ExitCode = exitCode;
        EndedAt = endedAt;
        if (Reason is null && exitCode == 0)
        {
            Finish(JobState.Completed, "Exited with code 0.", now);
            return;
        }
        Reason ??= exitCode is null ? JobReason.Lost : JobReason.ExitCode;
        var message = Reason switch
        {
            JobReason.Canceled => "Canceled; its processes were killed.",
            JobReason.Timeout => $"Ran past its timeout of {SpecDuration.Format(Timeout ?? TimeSpan.Zero)}; its processes were killed.",
            JobReason.InstanceStopped => $"Compute '{Compute}' stopped while the job ran; its processes were killed.",
            JobReason.Lost => "Its processes ended without leaving an exit code.",
            _ => $"Exited with code {exitCode}.",
        };
        if (!string.IsNullOrWhiteSpace(launcherLog))
        {
            message += $" Its launcher said: {launcherLog.Trim()}";
        }
        Finish(Reason == JobReason.Canceled ? JobState.Canceled : JobState.Failed, message, now);
    }

    private void Finish(JobState state, string message, DateTimeOffset now)
    {
        Message = message;
        EndedAt ??= now;
        Move(state, now);
    }

    private void Move(JobState to, DateTimeOffset now)
    {
        if (!JobStateMachine.CanMove(State, to))
        {
            throw new JobStateException(Name, State, $"become {to}");
        }
        State = to;
        UpdatedAt = now;
        Version++;
    }
}
