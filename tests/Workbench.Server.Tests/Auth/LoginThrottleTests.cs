using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workbench.Server.Auth;

namespace Workbench.Server.Tests.Auth;

public sealed class LoginThrottleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly IPAddress Home = IPAddress.Parse("192.0.2.10");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests()
    {
        _throttle = new LoginThrottle(Options.Create(new LoginOptions()), _time);
    }

    [Fact]
    public void RetryAfter_FifthFailureForAName_RefusesUntilTheFirstLeavesTheWindow()
    {
        for (var i = 0; i < 4; i++)
        {
            _throttle.RecordFailure("alice", Home);
            _time.Advance(TimeSpan.FromSeconds(10));
        }
        Assert.Null(_throttle.RetryAfter("alice", Home));

        _throttle.RecordFailure("alice", Home);

        Assert.Equal(Window - TimeSpan.FromSeconds(40), _throttle.RetryAfter("ALICE", IPAddress.Parse("198.51.100.1")));
        _time.Advance(Window - TimeSpan.FromSeconds(40));
        Assert.Null(_throttle.RetryAfter("alice", Home));
    }

    [Fact]
    public void RetryAfter_TwentiethFailureFromAnAddress_RefusesEveryNameFromIt_OnlyFromIt()
    {
        for (var i = 0; i < 20; i++)
        {
            _throttle.RecordFailure($"user{i}", Home);
        }

        Assert.Equal(Window, _throttle.RetryAfter("someone", Home));
        Assert.Null(_throttle.RetryAfter("someone", IPAddress.Parse("192.0.2.11")));
    }

    [Fact]
    public void RetryAfter_IPv6_CountsTheWhole64AsOneClient_AndMappedIPv4AsIPv4()
    {
        for (var i = 0; i < 20; i++)
        {
            _throttle.RecordFailure($"user{i}", IPAddress.Parse($"2001:db8:1:2::{i + 1:x}"));
            _throttle.RecordFailure($"user{i}", Home.MapToIPv6());
        }

        Assert.NotNull(_throttle.RetryAfter("someone", IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.Null(_throttle.RetryAfter("someone", IPAddress.Parse("2001:db8:1:3::1")));
        Assert.NotNull(_throttle.RetryAfter("someone", Home));
    }

    [Fact]
    public void RecordSuccess_ClearsTheNamesFailures_NotTheAddresses()
    {
        for (var i = 0; i < 5; i++)
        {
            _throttle.RecordFailure("bob", Home);
        }
        _throttle.RecordSuccess("bob");

        Assert.Null(_throttle.RetryAfter("bob", Home));
        for (var i = 0; i < 15; i++)
        {
            _throttle.RecordFailure($"other{i}", Home);
        }
        Assert.NotNull(_throttle.RetryAfter("bob", Home));
    }
}
