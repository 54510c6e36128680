using Workbench.Domain.Catalog;

namespace Workbench.Drivers.Local;

/// <summary>Checks the host has the programs an instance needs (bubblewrap, python3 for its job agent, its image's, and OpenSSH's with a key), and names the Debian package of a missing one.</summary>
internal static class HostPrograms
{
    public static void Require(string bubblewrap, ComputeSpec spec)
    {
        var missing = spec.Image.Requires
            .Concat(spec.SshPublicKey is null ? [] : SshServer.Requirements)
            .Prepend(JobAgent.Requirement)
            .Prepend(new HostRequirement(bubblewrap, "bubblewrap"))
            .Prepend(new HostRequirement("/usr/bin/flock", "util-linux"))
            .Where(r => !File.Exists(r.Program))
            .ToList();
        if (missing.Count > 0)
        {
            var programs = string.Join(", ", missing.Select(r => r.Program));
            var packages = string.Join(' ', missing.Select(r => r.Package).Distinct());
            throw new DriverException($"This host lacks {programs}: install the Debian package(s) with 'apt-get install {packages}'.");
        }
    }
}
