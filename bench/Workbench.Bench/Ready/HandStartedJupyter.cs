using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Workbench.Testing;

namespace Workbench.Bench.Ready;

/// <summary>
/// The baseline of time to ready: the image's Jupyter command (images/jupyter.yaml) started by hand,
/// without sandbox, cgroups, store or reconciler, and polled the way the server's readiness check asks.
/// </summary>
public static class HandStartedJupyter
{
    private const string Program = "/usr/bin/jupyter-notebook";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts Jupyter in a fresh home, <paramref name="parent"/>/<paramref name="name"/>; times it from start to its first 200, then kills it.</summary>
    public static async Task<StartTimes> TimeToReadyAsync(string parent, string name, HttpClient http, CancellationToken cancellationToken)
    {
        var home = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        var port = FreePort.Next();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var baseUrl = $"/i/default/{name}/jupyter/";
        var start = new ProcessStartInfo(Program,
        [
            "--no-browser", "--allow-root", "--ip", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            $"--NotebookApp.base_url={baseUrl}", $"--notebook-dir={home}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home,
        };
        // The environment the local driver gives an instance's apps (PATH, LANG, HOME, the token), nothing of ours.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["HOME"] = home;
        start.Environment["JUPYTER_TOKEN"] = token;

        var output = new StringBuilder();
        void Keep(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        var startedAt = DateTime.Now;
        var began = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Program}.");
        double readyMs;
        try
        {
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var url = $"http://127.0.0.1:{port}{baseUrl}api/status";
            while (true)
            {
                if (await IsReadyAsync(http, url, token, cancellationToken))
                {
                    readyMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                    break;
                }
                if (process.HasExited || Stopwatch.GetElapsedTime(began) > Timeout)
                {
                    lock (output)
                    {
                        throw new InvalidOperationException($"Jupyter started by hand did not answer {url} (exited: {process.HasExited}):\n{output}");
                    }
                }
                await Task.Delay(10, cancellationToken);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            // Also waits for the end of its output, so the whole log is in.
            await process.WaitForExitAsync(CancellationToken.None);
        }
        lock (output)
        {
            return new StartTimes(readyMs, JupyterLog.ListeningAfter(output.ToString().Split('\n'), startedAt));
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, string url, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", $"token {token}");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return false;
        }
    }
}
