using Workbench.Domain.Computes;

namespace Workbench.Domain.Tests;

public sealed class ComputeInstanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ComputeInstance NewInstance() =>
        new("default", "ci-1", new InstanceSpec("Standard_DS2_v2", "jupyter", "alice"), "bob", Now);

    /// <summary>An instance brought into the given state by the moves a reconciler and users make.</summary>
    private static ComputeInstance InState(InstanceState state)
    {
        var instance = NewInstance();
        switch (state)
        {
            case InstanceState.Creating:
                break;
            case InstanceState.Starting:
                instance.Launched("{}", Now);
                break;
            case InstanceState.Running:
                instance.Launched("{}", Now);
                instance.BecameReady(new Dictionary<string, string> { ["jupyter"] = "127.0.0.1:1" }, Now);
                break;
            case InstanceState.Stopping:
                instance.Stop(Now);
                break;
            case InstanceState.Stopped:
                instance.Stop(Now);
                instance.Stopped(Now);
                break;
            case InstanceState.Restarting:
                instance = InState(InstanceState.Running);
                instance.Restart(Now);
                break;
            case InstanceState.Deleting:
                instance.Delete(Now);
                break;
            case InstanceState.Failed:
                instance.Failed("boom", Now);
                break;
        }
        Assert.Equal(state, instance.State);
        return instance;
    }

    public static TheoryData<InstanceState, string, InstanceState?> UserActions()
    {
        // (state, action, resulting state or null when the action is refused with 409)
        var data = new TheoryData<InstanceState, string, InstanceState?>();
        var outcomes = new Dictionary<string, Dictionary<InstanceState, InstanceState?>>
        {
            ["start"] = new()
            {
                [InstanceState.Stopped] = InstanceState.Starting,
                [InstanceState.Failed] = InstanceState.Starting,
            },
            ["stop"] = new()
            {
                [InstanceState.Creating] = InstanceState.Stopping,
                [InstanceState.Starting] = InstanceState.Stopping,
                [InstanceState.Running] = InstanceState.Stopping,
                [InstanceState.Restarting] = InstanceState.Stopping,
                [InstanceState.Failed] = InstanceState.Stopping,
            },
            ["restart"] = new()
            {
                [InstanceState.Running] = InstanceState.Restarting,
            },
            ["delete"] = new()
            {
                [InstanceState.Creating] = InstanceState.Deleting,
                [InstanceState.Starting] = InstanceState.Deleting,
                [InstanceState.Running] = InstanceState.Deleting,
                [InstanceState.Stopping] = InstanceState.Deleting,
                [InstanceState.Stopped] = InstanceState.Deleting,
                [InstanceState.Restarting] = InstanceState.Deleting,
                [InstanceState.Deleting] = InstanceState.Deleting,
                [InstanceState.Failed] = InstanceState.Deleting,
            },
        };
        foreach (var (action, legal) in outcomes)
        {
            foreach (var state in Enum.GetValues<InstanceState>())
            {
                data.Add(state, action, legal.TryGetValue(state, out var to) ? to : null);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UserActions))]
    public void UserAction_FromEachState_MovesOrRefuses(InstanceState state, string action, InstanceState? expected)
    {
        var instance = InState(state);
        void Act()
        {
            switch (action)
            {
                case "start": instance.Start(Now); break;
                case "stop": instance.Stop(Now); break;
                case "restart": instance.Restart(Now); break;
                default: instance.Delete(Now); break;
            }
        }

        if (expected is null)
        {
            var refused = Assert.Throws<IllegalTransitionException>(Act);
            Assert.Equal(state, refused.From);
            Assert.Contains(action, refused.Message, StringComparison.Ordinal);
            Assert.Equal(state, instance.State);
        }
        else
        {
            Act();
            Assert.Equal(expected, instance.State);
        }
    }

    [Fact]
    public void Stop_SetsDesiredStopped_AndStoppedClearsEndpoints()
    {
        var instance = InState(InstanceState.Running);
        instance.Stop(Now);
        Assert.Equal(DesiredState.Stopped, instance.DesiredState);
        instance.Stopped(Now);
        Assert.Empty(instance.Endpoints);
        Assert.Null(instance.DriverHandle);
    }

    [Fact]
    public void Failed_KeepsError_UntilTheUserStartsIt()
    {
        var instance = InState(InstanceState.Failed);
        Assert.Equal("boom", instance.Error);
        instance.Start(Now.AddMinutes(1));
        Assert.Equal(InstanceState.Starting, instance.State);
        Assert.Equal(Now.AddMinutes(1), instance.StartRequestedAt);
        Assert.Null(instance.Error);
    }

    [Fact]
    public void AutomaticRestart_ReportStaysOnceRunningAgain()
    {
        var instance = InState(InstanceState.Running);
        instance.Relaunching("stopped unexpectedly", Now);
        instance.Launched("{}", Now);
        instance.BecameReady(new Dictionary<string, string> { ["jupyter"] = "127.0.0.1:2" }, Now);
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal("stopped unexpectedly", instance.Error);
        instance.Restart(Now);
        Assert.Null(instance.Error);
    }

    [Fact]
    public void EveryChange_BumpsVersion()
    {
        var instance = NewInstance();
        var before = instance.Version;
        instance.Launched("{}", Now);
        Assert.Equal(before + 1, instance.Version);
    }

    [Fact]
    public void Spec_EqualForSameFields_DifferentOtherwise()
    {
        var a = new InstanceSpec("Standard_DS2_v2", "jupyter", "alice");
        Assert.Equal(a, new InstanceSpec("Standard_DS2_v2", "jupyter", "alice"));
        Assert.NotEqual(a, a with { Size = "Standard_DS3_v2" });
        Assert.NotEqual(a, a with { Image = "other" });
        Assert.NotEqual(a, a with { Owner = "bob" });
        Assert.NotEqual(a, a with { SshPublicKey = "ssh-ed25519 AAAA" });
        Assert.Equal(a, NewInstance().Spec);
    }

    [Fact]
    public void ChangeSshPublicKey_SetsReplacesRemoves_InAnyStateButDeleting()
    {
        var instance = InState(InstanceState.Running);
        var before = instance.Version;
        instance.ChangeSshPublicKey("ssh-ed25519 AAAA", Now.AddMinutes(1));
        Assert.Equal("ssh-ed25519 AAAA", instance.Spec.SshPublicKey);
        Assert.Equal((before + 1, Now.AddMinutes(1)), (instance.Version, instance.UpdatedAt));
        instance.ChangeSshPublicKey(null, Now);
        Assert.Null(instance.SshPublicKey);
        Assert.Equal(InstanceState.Running, instance.State);

        var deleting = InState(InstanceState.Deleting);
        Assert.Throws<IllegalTransitionException>(() => deleting.ChangeSshPublicKey("ssh-ed25519 AAAA", Now));
    }
}
