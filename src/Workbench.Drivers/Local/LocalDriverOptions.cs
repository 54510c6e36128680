using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Local;

/// <summary>Settings of the local driver ("Drivers:Local").</summary>
public sealed class LocalDriverOptions
{
    /// <summary>Where each instance keeps its home, logs and launch files; set from Workbench:DataDir when empty.</summary>
    public string StateDir { get; set; } = "";

    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>How long a stop waits after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Refuses a local driver configuration that cannot work, at start.</summary>
public sealed class LocalDriverOptionsValidator : IValidateOptions<LocalDriverOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalDriverOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StateDir) || !Path.IsPathFullyQualified(options.StateDir))
        {
            failures.Add($"Drivers:Local:StateDir must be an absolute path; it is '{options.StateDir}'.");
        }
        if (options.StopGracePeriod < TimeSpan.Zero || options.StopGracePeriod > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Drivers:Local:StopGracePeriod must be between 0 and 10 minutes; it is {options.StopGracePeriod}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
