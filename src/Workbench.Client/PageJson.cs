using System.Text;
using System.Text.Json;

namespace Workbench.Client;

/// <summary>Joins the items of several page bodies into one page body, copying each item's JSON untouched.</summary>
internal static class PageJson
{
    public static string Merge(IEnumerable<string> pageBodies)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("value");
            foreach (var body in pageBodies)
            {
                using var page = JsonDocument.Parse(body);
                foreach (var item in page.RootElement.GetProperty("value").EnumerateArray())
                {
                    item.WriteTo(writer);
                }
            }
            writer.WriteEndArray();
            writer.WriteNull("nextLink");
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
