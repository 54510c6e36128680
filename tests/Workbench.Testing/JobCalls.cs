using System.Net;
using System.Net.Http.Json;
using System.Text;
using Workbench.Contracts;

namespace Workbench.Testing;

/// <summary>The job API calls tests make, in the default workspace.</summary>
public static class JobCalls
{
    public const string Jobs = "/api/v1/workspaces/default/jobs";

    public static readonly string[] FinalStates = ["Completed", "Failed", "Canceled"];

    public static Task<HttpResponseMessage> PutJobAsync(this HttpClient client, string name, string yaml) =>
        client.PutAsync($"{Jobs}/{name}", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    /// <summary>Submits and checks the server accepted it.</summary>
    public static async Task SubmitJobAsync(this HttpClient client, string name, string yaml)
    {
        var response = await client.PutJobAsync(name, yaml);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Submitting {name}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<JobResource?> GetJobAsync(this HttpClient client, string name)
    {
        var response = await client.GetAsync($"{Jobs}/{name}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JobResource>(WorkbenchJson.Options);
    }

    public static Task<JobResource?> WaitForJobAsync(this HttpClient client, string name, Func<JobResource, bool> done, string what, int seconds = 60) =>
        Eventually.UntilAsync(() => client.GetJobAsync(name), j => j is not null && done(j), TimeSpan.FromSeconds(seconds), $"job '{name}' {what}");

    public static Task<JobResource?> WaitForJobEndAsync(this HttpClient client, string name, int seconds = 60) =>
        client.WaitForJobAsync(name, j => FinalStates.Contains(j.State), "ending", seconds);

    /// <summary>A job spec for the default workspace's compute, with a shell command.</summary>
    public static string Spec(string compute, string command, string extra = "") =>
        $"compute: {compute}\ncommand: {Yaml(command)}\n{extra}";

    /// <summary>A YAML double-quoted scalar, so any command fits on one line.</summary>
    public static string Yaml(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
