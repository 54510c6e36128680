namespace Workbench.Domain.Computes;

/// <summary>One user's managed workstation: its spec, what the user wants of it, and what was last observed.</summary>
public sealed class ComputeInstance
{
    /// <summary>Jobs an instance runs at once per vCPU of its size, unless its spec says otherwise.</summary>
    public const int SlotsPerVCpu = 2;

    public const int MaxJobSlots = 1024;

    private ComputeInstance()
    {
    }

    /// <summary>A new instance that starts at once, or with <paramref name="start"/> false one that waits, Stopped, for its owner to start it.</summary>
    public ComputeInstance(string workspace, string name, InstanceSpec spec, string createdBy, DateTimeOffset now, bool start = true)
    {
        Id = Guid.NewGuid();
        Workspace = workspace;
        Name = name;
        NameKey = ComputeName.Key(name);
        Size = spec.Size;
        Image = spec.Image;
        Owner = spec.Owner;
        SshPublicKey = spec.SshPublicKey;
        JobSlots = spec.JobSlots;
        Driver = spec.Driver;
        Partition = spec.Partition;
        CreatedBy = createdBy;
        State = start ? InstanceState.Creating : InstanceState.Stopped;
        DesiredState = start ? DesiredState.Running : DesiredState.Stopped;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Workspace { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NameKey { get; private set; } = "";
    public string Size { get; private set; } = "";
    public string Image { get; private set; } = "";
    public string Owner { get; private set; } = "";

    /// <summary>The job slots its user asked for; null for the default, two per vCPU.</summary>
    public int? JobSlots { get; private set; }

    /// <summary>The driver that runs it (<see cref="ComputeDrivers"/>), chosen when it is created.</summary>
    public string Driver { get; private set; } = ComputeDrivers.Local;

    /// <summary>The Slurm partition it runs in; null for the driver's default.</summary>
    public string? Partition { get; private set; }

    public string CreatedBy { get; private set; } = "";

    /// <summary>The public key its owner logs in with over SSH (a normalized OpenSSH line); null: no SSH server.</summary>
    public string? SshPublicKey { get; private set; }

    public InstanceState State { get; private set; }
    public DesiredState DesiredState { get; private set; }

    /// <summary>App name → "host:port", set while Running.</summary>
    public Dictionary<string, string> Endpoints { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>
    /// Why its driver could not tell what it is doing when last asked (Slurm's controller down or slow);
    /// null once the driver answers. Its state is then the last one known, which the API shows as Unknown.
    /// </summary>
    public string? DriverError { get; private set; }

    /// <summary>The driver's opaque state for re-attaching to what it started.</summary>
    public string? DriverHandle { get; private set; }

    /// <summary>When the current start began; a start that takes too long fails.</summary>
    public DateTimeOffset? StartRequestedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Bumped on every change; the store refuses a save based on a stale read.</summary>
    public long Version { get; private set; }

    public InstanceSpec Spec => new(Size, Image, Owner, SshPublicKey, JobSlots, Driver, Partition);

    /// <summary>How many job slots it has, given its size's vCPUs.</summary>
    public int SlotsFor(int vcpus) => JobSlots ?? SlotsPerVCpu * vcpus;

    /// <summary>Whether it runs and is meant to: only then do its jobs start, or keep running.</summary>
    public bool AcceptsJobs => State is InstanceState.Running && DesiredState is DesiredState.Running;

    /// <summary>
    /// Whether its vCPUs count against the workspace's quota: while it is wanted running, and while
    /// stopped unless the workspace releases quota on stop; never once it is being deleted.
    /// </summary>
    public bool HoldsQuota(bool releaseOnStop) =>
        DesiredState == DesiredState.Running || (DesiredState == DesiredState.Stopped && !releaseOnStop);

    // Asked by users.

    public void Start(DateTimeOffset now)
    {
        Require(InstanceState.Starting, "start", State is InstanceState.Stopped or InstanceState.Failed);
        DesiredState = DesiredState.Running;
        Error = null;
        BeginStart(now);
    }

    public void Stop(DateTimeOffset now)
    {
        Require(InstanceState.Stopping, "stop", State is not InstanceState.Stopped);
        DesiredState = DesiredState.Stopped;
        Move(InstanceState.Stopping, now);
    }

    public void Restart(DateTimeOffset now)
    {
        Require(InstanceState.Restarting, "restart", true);
        DesiredState = DesiredState.Running;
        Error = null;
        Move(InstanceState.Restarting, now);
    }

    /// <summary>Asks for deletion; asking again while deleting changes nothing.</summary>
    public void Delete(DateTimeOffset now)
    {
        if (State is InstanceState.Deleting)
        {
            return;
        }
        Require(InstanceState.Deleting, "delete", true);
        DesiredState = DesiredState.Deleted;
        Move(InstanceState.Deleting, now);
    }

    /// <summary>Sets, replaces or (with null) removes the SSH key; a running instance's SSH server takes it at once.</summary>
    public void ChangeSshPublicKey(string? publicKey, DateTimeOffset now)
    {
        if (State is InstanceState.Deleting)
        {
            throw new IllegalTransitionException(Name, State, "change its SSH key");
        }
        SshPublicKey = publicKey;
        Touch(now);
    }

    // Observed by reconcilers.

    /// <summary>Its driver did not answer; nothing else changes, as the instance may well still run.</summary>
    public void DriverUnreachable(string error, DateTimeOffset now)
    {
        if (DriverError != error)
        {
            DriverError = error;
            Touch(now);
        }
    }

    /// <summary>Its driver answered again.</summary>
    public void DriverAnswered(DateTimeOffset now)
    {
        if (DriverError is not null)
        {
            DriverError = null;
            Touch(now);
        }
    }

    public void Launched(string driverHandle, DateTimeOffset now)
    {
        DriverHandle = driverHandle;
        Move(InstanceState.Starting, now);
    }

    /// <summary>Its apps answer. An error that explains an automatic restart stays, as the report of it, until the user acts.</summary>
    public void BecameReady(IReadOnlyDictionary<string, string> endpoints, DateTimeOffset now)
    {
        Endpoints = new Dictionary<string, string>(endpoints);
        Move(InstanceState.Running, now);
    }

    /// <summary>The instance is gone (stopped by us or died); a start from scratch follows.</summary>
    public void Relaunching(string? reason, DateTimeOffset now)
    {
        Error = reason;
        ClearRuntime();
        BeginStart(now);
    }

    public void Stopped(DateTimeOffset now)
    {
        ClearRuntime();
        Move(InstanceState.Stopped, now);
    }

    public void Failed(string error, DateTimeOffset now)
    {
        Error = error;
        ClearRuntime();
        Move(InstanceState.Failed, now);
    }

    private void BeginStart(DateTimeOffset now)
    {
        StartRequestedAt = now;
        Move(InstanceState.Starting, now);
    }

    private void ClearRuntime()
    {
        DriverHandle = null;
        DriverError = null;
        Endpoints = [];
    }

    private void Require(InstanceState to, string action, bool allowedHere)
    {
        if (!allowedHere || !InstanceStateMachine.CanMove(State, to))
        {
            throw new IllegalTransitionException(Name, State, action);
        }
    }

    private void Move(InstanceState to, DateTimeOffset now)
    {
        if (to != State && !InstanceStateMachine.CanMove(State, to))
        {
            throw new IllegalTransitionException(Name, State, $"become {to}");
        }
        State = to;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}
