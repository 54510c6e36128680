using System.Text.Json;
using Workbench.Domain.Access;

namespace Workbench.Server.Audit;

/// <summary>
/// What the audit log takes from a request body before the endpoint reads it: the names of the top-level
/// fields of an update's JSON body (never their values), and for a sign-in the user name it tries.
/// </summary>
public static class AuditedRequest
{
    /// <summary>Bodies larger than this are not looked into (uploads, say); their calls are still recorded.</summary>
    private const long MaxInspectedBytes = 64 * 1024;

    public static async Task<(IReadOnlyList<string> Fields, string? SignInName)> ReadAsync(HttpRequest request, string action, CancellationToken ct)
    {
        var signIn = action == PlatformActions.SignIn;
        if (request.HasFormContentType)
        {
            return ([], signIn ? (await request.ReadFormAsync(ct))["username"].ToString() : null);
        }
        var isUpdate = HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);
        if (!(isUpdate || signIn) || !IsJson(request.ContentType) || request.ContentLength is not (> 0 and <= MaxInspectedBytes))
        {
            return ([], null);
        }
        request.EnableBuffering();
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ([], null);
            }
            var fields = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            var name = signIn && json.RootElement.TryGetProperty("username", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
            return (signIn ? [] : fields, name);
        }
        catch (JsonException)
        {
            // The endpoint answers a broken body itself; the log records the call without fields.
            return ([], null);
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));
}
