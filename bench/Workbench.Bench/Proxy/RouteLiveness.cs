using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Workbench.Bench.Measurement;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Proxy;

/// <summary>How soon after the store marks an instance Running its proxy route answers: stop, start, poll the route every millisecond.</summary>
public static class RouteLiveness
{
    public static async Task<Samples> MeasureAsync(HttpClient api, AppTarget proxied, string instance, string appPath, int runs, CancellationToken cancellationToken)
    {
        var samples = new Samples("route live after Running");
        var computes = $"{ApiCalls.Computes}/{instance}";
        for (var run = 0; run < runs; run++)
        {
            (await api.PostAsync($"{computes}/stop", null, cancellationToken)).EnsureSuccessStatusCode();
            await api.WaitForStateAsync(instance, "Stopped");
            (await api.PostAsync($"{computes}/start", null, cancellationToken)).EnsureSuccessStatusCode();
            var firstOk = await FirstOkAsync(proxied, appPath, cancellationToken);
            var marked = await api.GetFromJsonAsync<ComputeInstanceResource>(computes, WorkbenchJson.Options, cancellationToken);
            samples.Add((firstOk - marked!.UpdatedAt).TotalMilliseconds);
        }
        return samples;
    }

    private static async Task<DateTimeOffset> FirstOkAsync(AppTarget proxied, string appPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                await proxied.GetStatusAsync(appPath, cancellationToken);
                return DateTimeOffset.UtcNow;
            }
            catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict)
            {
                await Task.Delay(1, cancellationToken);
            }
        }
        throw new TimeoutException($"{appPath} did not answer within 120 s of its start.");
    }
}
