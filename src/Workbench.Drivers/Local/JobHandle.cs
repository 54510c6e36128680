using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Drivers.Local;

/// <summary>What the store keeps of a local job: its launcher, named by pid and start time.</summary>
internal sealed record JobHandle(int Pid, ulong StartTime)
{
    [JsonIgnore]
    public ProcessIdentity Leader => new(Pid, StartTime);

    public static JobHandle Of(ProcessIdentity leader) => new(leader.Pid, leader.StartTime);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static JobHandle? FromJson(string? json) => HandleJson.Parse<JobHandle>(json);
}
