using System.Net;
using System.Net.Http.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Clusters;

/// <summary>The cluster API calls the cluster tests make.</summary>
public static class ClusterCalls
{
    public static string Clusters(string workspace = "default") => $"/api/v1/workspaces/{workspace}/clusters";

    public static Task<HttpResponseMessage> PutClusterAsync(this HttpClient client, string name, object body, string workspace = "default") =>
        client.PutAsJsonAsync($"{Clusters(workspace)}/{name}", body);

    public static async Task<ClusterResource?> GetClusterAsync(this HttpClient client, string name, string workspace = "default")
    {
        var response = await client.GetAsync($"{Clusters(workspace)}/{name}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ClusterResource>(WorkbenchJson.Options);
    }

    public static Task<ClusterResource?> WaitForClusterAsync(
        this HttpClient client, string name, Func<ClusterResource, bool> done, string what, string workspace = "default", int seconds = 60) =>
        Eventually.UntilAsync(() => client.GetClusterAsync(name, workspace), c => c is not null && done(c), TimeSpan.FromSeconds(seconds), $"cluster '{name}' {what}");

    /// <summary>Deletes the cluster and waits until it is gone, its nodes released.</summary>
    public static async Task DeleteClusterAsync(this HttpClient client, string name, string workspace = "default")
    {
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"{Clusters(workspace)}/{name}")).StatusCode);
        await Eventually.UntilAsync(() => client.GetClusterAsync(name, workspace), c => c is null, TimeSpan.FromSeconds(60), $"cluster '{name}' gone");
    }

    public static int CountIn(this ClusterResource cluster, string state) => cluster.Nodes.Count(n => n.State == state);
}
