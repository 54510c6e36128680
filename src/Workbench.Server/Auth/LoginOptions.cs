using Microsoft.Extensions.Options;

namespace Workbench.Server.Auth;

/// <summary>How people sign in ("Workbench:Login"): how long an unused browser session lasts, and when failed sign-ins are refused outright.</summary>
public sealed class LoginOptions
{
    /// <summary>A session unused this long ends; each request made in the second half of it starts it afresh.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins for one user name, within <see cref="FailureWindow"/>, after which that name is refused.</summary>
    public int MaxFailuresPerUser { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address (an IPv6 /64), within <see cref="FailureWindow"/>, after which it is refused.</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Refuses login settings that cannot work, when the server starts.</summary>
public sealed class LoginOptionsValidator : IValidateOptions<LoginOptions>
{
    public ValidateOptionsResult Validate(string? name, LoginOptions options)
    {
        var failures = new List<string>();
        if (options.SessionIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add("Workbench:Login:SessionIdleTimeout must be positive.");
        }
        if (options.MaxFailuresPerUser < 1 || options.MaxFailuresPerAddress < 1)
        {
            failures.Add("Workbench:Login:MaxFailuresPerUser and MaxFailuresPerAddress must be at least 1.");
        }
        if (options.FailureWindow <= TimeSpan.Zero)
        {
            failures.Add("Workbench:Login:FailureWindow must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
