using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Ready;

/// <summary>Time to ready through the platform: PUT a compute, poll it until Running, then delete it and wait until it is gone.</summary>
public static class PlatformCompute
{
    private const string Computes = ApiCalls.Computes;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Times from sending the PUT to the first GET that says Running (which the server says only once Jupyter
    /// answers); reads when the launcher began and when Jupyter said it listened from the instance's folder in the server's <paramref name="dataDir"/>.
    /// </summary>
    public static async Task<StartTimes> TimeToRunningAsync(HttpClient api, string dataDir, string name, CancellationToken cancellationToken)
    {
        var startedAt = DateTime.Now;
        var began = Stopwatch.GetTimestamp();
        using (var put = await api.PutAsJsonAsync($"{Computes}/{name}", new CreateComputeRequest("Standard_DS1_v2"), WorkbenchJson.Options, cancellationToken))
        {
            if (put.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"PUT {name} answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        while (true)
        {
            var instance = await api.GetFromJsonAsync<ComputeInstanceResource>($"{Computes}/{name}", WorkbenchJson.Options, cancellationToken)
                ?? throw new InvalidOperationException($"GET {name} answered null.");
            if (instance.State == "Running")
            {
                var readyMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                var folder = InstanceFolder(dataDir, name);
                var log = folder is null ? null : Path.Combine(folder, "instance.log");
                var leader = folder is null ? null : Path.Combine(folder, "leader");
                return new StartTimes(
                    readyMs,
                    log is not null && File.Exists(log) ? JupyterLog.ListeningAfter(File.ReadAllLines(log), startedAt) : null,
                    // run.sh writes this file once it holds the instance lock and joined its cgroups, just before bwrap.
                    leader is not null && File.Exists(leader) ? (File.GetLastWriteTime(leader) - startedAt).TotalMilliseconds : null);
            }
            if (instance.State == "Failed" || Stopwatch.GetElapsedTime(began) > Timeout)
            {
                throw new InvalidOperationException($"{name} is {instance.State}, not Running: {instance.Error}");
            }
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>The local driver's folder of the instance whose apps script serves this compute's base URL.</summary>
    private static string? InstanceFolder(string dataDir, string name)
    {
        var instances = Path.Combine(dataDir, "instances");
        return Directory.Exists(instances)
            ? Directory.EnumerateDirectories(instances).FirstOrDefault(d =>
                File.Exists(Path.Combine(d, "apps.sh")) && File.ReadAllText(Path.Combine(d, "apps.sh")).Contains($"/i/default/{name}/", StringComparison.Ordinal))
            : null;
    }

    /// <summary>Deletes the compute and waits until the server answers 404 for it, so its processes are gone before the next run.</summary>
    public static async Task DeleteAsync(HttpClient api, string name, CancellationToken cancellationToken)
    {
        using (var delete = await api.DeleteAsync($"{Computes}/{name}", cancellationToken))
        {
            if (delete.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.NotFound))
            {
                throw new InvalidOperationException($"DELETE {name} answered {(int)delete.StatusCode}: {await delete.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        var began = Stopwatch.GetTimestamp();
        while (true)
        {
            using var get = await api.GetAsync($"{Computes}/{name}", cancellationToken);
            if (get.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
            if (Stopwatch.GetElapsedTime(began) > Timeout)
            {
                throw new TimeoutException($"{name} was not deleted within {Timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
