using System.Text.Json;

namespace Workbench.Drivers.Local;

/// <summary>What the store keeps of a local instance: its leader process, ports and cgroups.</summary>
internal sealed record LocalHandle(int Pid, ulong StartTime, IReadOnlyDictionary<string, int> Ports, IReadOnlyList<string> Cgroups)
{
    public ProcessIdentity Leader => new(Pid, StartTime);

    public IReadOnlyDictionary<string, string> Endpoints =>
        Ports.ToDictionary(p => p.Key, p => $"127.0.0.1:{p.Value}");

    public string ToJson() => JsonSerializer.Serialize(this);

    public static LocalHandle? FromJson(string? json) => HandleJson.Parse<LocalHandle>(json);
}
