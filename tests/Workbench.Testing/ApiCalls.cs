using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Workbench.Contracts;

namespace Workbench.Testing;

/// <summary>The API calls tests make, in the default workspace.</summary>
public static class ApiCalls
{
    public const string Computes = "/api/v1/workspaces/default/computes";

    /// <summary>
    /// Creates a user as the calling admin, with a password or none, with a role in the default workspace
    /// (a Data Scientist unless told; null for none), and returns the new user's token.
    /// </summary>
    public static async Task<string> CreateUserAsync(this HttpClient admin, string name, string? password = null, string? role = "Data Scientist")
    {
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { name, password, role });
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CreatedUserResponse>(WorkbenchJson.Options))!.Token;
    }

    public static Task<HttpResponseMessage> PutComputeAsync(this HttpClient client, string name, object body) =>
        client.PutAsJsonAsync($"{Computes}/{name}", body);

    /// <summary>A JSON merge patch of the instance, as RFC 7396 names its media type.</summary>
    public static Task<HttpResponseMessage> PatchComputeAsync(this HttpClient client, string name, object patch) =>
        client.PatchAsync($"{Computes}/{name}", JsonContent.Create(patch, new MediaTypeHeaderValue("application/merge-patch+json"), WorkbenchJson.Options));

    public static async Task<ComputeInstanceResource?> GetComputeAsync(this HttpClient client, string name)
    {
        var response = await client.GetAsync($"{Computes}/{name}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options);
    }

    public static async Task<string?> StateAsync(this HttpClient client, string name) => (await client.GetComputeAsync(name))?.State;

    public static Task<ComputeInstanceResource?> WaitForStateAsync(this HttpClient client, string name, string state, int seconds = 60) =>
        Eventually.UntilAsync(() => client.GetComputeAsync(name), i => i?.State == state || (i?.State == "Failed" && state != "Failed"),
            TimeSpan.FromSeconds(seconds), $"'{name}' reaching {state}");

    public static Task WaitForGoneAsync(this HttpClient client, string name, int seconds = 60) =>
        Eventually.UntilAsync(() => client.GetComputeAsync(name), i => i is null, TimeSpan.FromSeconds(seconds), $"'{name}' being deleted");
}
