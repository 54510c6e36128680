using Workbench.Domain.Identity;

namespace Workbench.Server.Auth;

/// <summary>What one sign-in attempt came to.</summary>
public abstract record LoginOutcome
{
    /// <summary>The one answer for a wrong password and an unknown name alike, so it never tells who has an account.</summary>
    public const string RefusedMessage = "Wrong user name or password.";

    public sealed record Accepted(User User) : LoginOutcome;

    public sealed record Refused : LoginOutcome;

    /// <summary>Too many failures lately for the name or the address; the password was not even looked at.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : LoginOutcome;
}
