using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workbench.Domain.Jobs;

namespace Workbench.Server.Jobs;

/// <summary>A fingerprint of a spec as submitted, so the same PUT again is answered as the same request.</summary>
public static class JobSpecHash
{
    public static string Of(JobSpec spec)
    {
        // Sorted maps: the same spec gives the same text whatever order its keys were written in.
        var canonical = spec with
        {
            Inputs = new SortedDictionary<string, JobInput>(spec.Inputs.ToDictionary(), StringComparer.Ordinal),
            Outputs = new SortedDictionary<string, JobOutput>(spec.Outputs.ToDictionary(), StringComparer.Ordinal),
            EnvironmentVariables = new SortedDictionary<string, string>(spec.EnvironmentVariables.ToDictionary(), StringComparer.Ordinal),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical))));
    }
}
