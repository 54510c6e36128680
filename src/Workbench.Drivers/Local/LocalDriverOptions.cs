using System.Net;
using Microsoft.Extensions.Options;

namespace Workbench.Drivers.Local;

/// <summary>Settings of the local driver ("Drivers:Local").</summary>
public sealed class LocalDriverOptions
{
    /// <summary>Where each instance keeps its home, logs and launch files; set from Workbench:DataDir when empty.</summary>
    public string StateDir { get; set; } = "";

    /// <summary>
    /// Where each running instance keeps the files its jobs are handed over with (their scripts, its job agent's records
    /// of them, the hand-over queue): a few small files made and deleted for every job. Empty: beside the rest in
    /// <see cref="StateDir"/>; the server sets it to <see cref="DefaultRuntimeDir"/> when unset.
    /// </summary>
    public string RuntimeDir { get; set; } = "";

    /// <summary>
    /// A memory-backed folder of this user's alone (<see cref="RuntimeFolder"/>: /run/workbench for root where /run is a
    /// tmpfs, else $XDG_RUNTIME_DIR/workbench or /dev/shm/workbench-&lt;uid&gt;), made if missing; empty (the state folder)
    /// when there is none. On ext4 without a journal, as on the machines the benchmark runs on, each new file scans past
    /// every inode deleted in the last 5–10 minutes, so files made and deleted for every job on disk cost more the more
    /// jobs ran lately (bench/README.md). Its files go with a reboot, as do the instances' processes.
    /// </summary>
    public static string DefaultRuntimeDir() => RuntimeFolder.Default();

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
        if (!string.IsNullOrEmpty(options.RuntimeDir) && !Path.IsPathFullyQualified(options.RuntimeDir))
        {
            failures.Add($"Drivers:Local:RuntimeDir must be an absolute path, or empty for the state folder; it is '{options.RuntimeDir}'.");
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
