using System.Text.Json;
using Workbench.Contracts;

namespace Workbench.Cli.Tests.Fakes;

/// <summary>API bodies for tests, serialized as the server would.</summary>
internal static class Resources
{
    public static ComputeInstanceResource Compute(string name, string state = "Running", string? error = null, SshAccessResource? ssh = null) => new(
        name, "default", "small", "python", "alice", "alice", "local", null, 2, new JobCounts(0, 0), state, "Running",
        new Dictionary<string, string>(), new Dictionary<string, string>(), ssh, error, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, WorkbenchJson.Options);
}
