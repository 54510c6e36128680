using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Drivers.Local;

/// <summary>
/// What the store keeps of a local instance: its leader process, ports and cgroups. Apps listen on
/// 127.0.0.1; the SSH server (port "ssh") on its own address, which older handles lack.
/// </summary>
internal sealed record LocalHandle(
    int Pid, ulong StartTime, IReadOnlyDictionary<string, int> Ports, IReadOnlyList<string> Cgroups, string? SshAddress = null)
{
    [JsonIgnore]
    public ProcessIdentity Leader => new(Pid, StartTime);

    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Endpoints =>
        Ports.ToDictionary(p => p.Key, p => new IPEndPoint(AddressOf(p.Key), p.Value).ToString());

    private IPAddress AddressOf(string endpoint) =>
        endpoint == SshAccess.EndpointName && SshAddress is not null ? IPAddress.Parse(SshAddress) : IPAddress.Loopback;

    public string ToJson() => JsonSerializer.Serialize(this);

    public static LocalHandle? FromJson(string? json) => HandleJson.Parse<LocalHandle>(json);
}
