using System.Net;
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

    /// <summary>The address instances' SSH servers listen on, which SSH clients connect to: loopback unless set to one of this host's addresses.</summary>
    public string SshListenAddress { get; set; } = "127.0.0.1";
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
        if (!IPAddress.TryParse(options.SshListenAddress, out var ssh) || ssh.Equals(IPAddress.Any) || ssh.Equals(IPAddress.IPv6Any))
        {
            failures.Add($"Drivers:Local:SshListenAddress must be one IP address of this host, which SSH clients can reach (not a wildcard); it is '{options.SshListenAddress}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
