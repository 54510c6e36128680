using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Workbench.Bench.Measurement;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Proxy;

/// <summary>
/// How soon after the store marks an instance Running its proxy route is live: stop, start, and send
/// proxied requests back to back (each answered 503 by the proxy's starting page until the route is
/// live, so a poll takes about one proxied request) until one is forwarded and answered 200.
/// Two figures per cycle, both from the instance's updatedAt (the reconciler's clock as it marked it
/// Running, before its store write):
/// <list type="bullet">
/// <item>route live: when the first request that the proxy forwarded was sent. The route went live
/// between the previous request's arrival, answered 503, and this one's, so this is the route's time
/// to within one poll;</item>
/// <item>first answer: when that request's 200 came back, which adds the just-started app's own answer.</item>
/// </list>
/// </summary>
public static class RouteLiveness
{
    public static async Task<(Samples Live, Samples FirstAnswer)> MeasureAsync(
        HttpClient api, AppTarget proxied, string instance, string appPath, int runs, CancellationToken cancellationToken)
    {
        var live = new Samples("route live after Running");
        var answered = new Samples("first proxied 200 after Running");
        var computes = $"{ApiCalls.Computes}/{instance}";
        for (var run = 0; run < runs; run++)
        {
            (await api.PostAsync($"{computes}/stop", null, cancellationToken)).EnsureSuccessStatusCode();
            await api.WaitForStateAsync(instance, "Stopped");
            (await api.PostAsync($"{computes}/start", null, cancellationToken)).EnsureSuccessStatusCode();
            var (sent, ok) = await FirstForwardedAsync(proxied, appPath, cancellationToken);
            var marked = (await api.GetFromJsonAsync<ComputeInstanceResource>(computes, WorkbenchJson.Options, cancellationToken))!.UpdatedAt;
            live.Add((sent - marked).TotalMilliseconds);
            answered.Add((ok - marked).TotalMilliseconds);
        }
        return (live, answered);
    }

    /// <summary>When the first request answered 200 was sent, and when its answer came back.</summary>
    private static async Task<(DateTimeOffset Sent, DateTimeOffset Answered)> FirstForwardedAsync(AppTarget proxied, string appPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var sent = DateTimeOffset.UtcNow;
            var status = await proxied.StatusCodeAsync(appPath, cancellationToken);
            if (status == HttpStatusCode.OK)
            {
                return (sent, DateTimeOffset.UtcNow);
            }
            if (status is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict))
            {
                throw new HttpRequestException($"{appPath} answered {(int)status} while its instance started.", null, status);
            }
        }
        throw new TimeoutException($"{appPath} did not answer within 120 s of its start.");
    }
}
