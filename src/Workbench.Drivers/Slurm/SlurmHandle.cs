using System.Text.Json;

namespace Workbench.Drivers.Slurm;

/// <summary>What the store keeps of a Slurm instance or job: the id of its (current) Slurm job.</summary>
internal sealed record SlurmHandle(string JobId)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static SlurmHandle? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<SlurmHandle>(json) is { JobId.Length: > 0 } handle ? handle : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
