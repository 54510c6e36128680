using System.Text.Json;

namespace Workbench.Contracts;

/// <summary>The JSON shape of the API (camelCase names), shared by server and client.</summary>
public static class WorkbenchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
