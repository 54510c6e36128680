using System.Diagnostics;
using System.Net;
using System.Text;
using Workbench.Bench.Measurement;
using Workbench.Testing;

namespace Workbench.Bench.Jobs;

/// <summary>Submits trivial jobs over the real API from several clients at once, timing each PUT.</summary>
public static class Submitter
{
    public const int Clients = 8;

    /// <summary>Submits jobs prefix-0000 ... of the command to the compute; returns the wall time of all submits in ms.</summary>
    public static async Task<double> SubmitAsync(
        HttpClient api, string compute, string prefix, int count, Samples samples, CancellationToken cancellationToken, string command = "true")
    {
        var next = -1;
        var spec = JobCalls.Spec(compute, command);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var began = Stopwatch.GetTimestamp();
                using var content = new StringContent(spec, Encoding.UTF8, "application/yaml");
                using var response = await api.PutAsync($"{JobCalls.Jobs}/{prefix}-{index:0000}", content, cancellationToken);
                samples.Add(began, Stopwatch.GetTimestamp());
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Submitting {prefix}-{index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
        }));
        return clock.Elapsed.TotalMilliseconds;
    }
}
