using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Workbench.Contracts;

namespace Workbench.Testing;

/// <summary>
/// The real server as its own process (dotnet Workbench.Server.dll), so a test can kill it with
/// SIGKILL and start it again on the same data folder and port. <paramref name="asService"/> starts it in a
/// session of its own, as a service manager does (<c>setsid</c>, which keeps the process id).
/// </summary>
public sealed class ServerProcess(string dataDir, string adminToken, IReadOnlyDictionary<string, string>? settings = null, bool asService = false) : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The server's process id while it runs, for what reads its CPU time.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Everything the server printed, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? adminToken);
        return client;
    }

    public async Task StartAsync()
    {
        string[] server = ["dotnet", RepositoryPaths.ServerDll, "--urls", Url, "--data-dir", dataDir];
        var start = new ProcessStartInfo(asService ? "setsid" : server[0], asService ? server : server[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
        };
        start.Environment["WB_BOOTSTRAP_TOKEN"] = adminToken;
        start.Environment["Drivers__Local__StopGracePeriod"] = "00:00:05";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Asks who the admin token is, not just whether something answers: another test's server on
        // this port would answer /healthz, but not to this server's token.
        using var probe = CreateClient();
        probe.Timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await probe.GetAsync("/api/v1/users/me")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The server did not answer within 60 s:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code of the server runs.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>
    /// Deletes every instance through the API while the server runs (so it releases their folders and
    /// cgroups), then kills the server and whatever of its instances is left.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                await DeleteAllInstancesAsync();
            }
        }
        finally
        {
            await KillAsync();
            InstanceProcesses.KillAll(InstancesDir);
            InstanceHandovers.DeleteAll(InstancesDir);
        }
    }

    private string InstancesDir => System.IO.Path.Combine(dataDir, "instances");

    private async Task DeleteAllInstancesAsync()
    {
        using var api = CreateClient();
        var workspaces = await api.GetFromJsonAsync<Page<WorkspaceResource>>("/api/v1/workspaces", WorkbenchJson.Options);
        foreach (var workspace in workspaces!.Value)
        {
            var computes = $"/api/v1/workspaces/{Uri.EscapeDataString(workspace.Name)}/computes";
            var page = await api.GetFromJsonAsync<Page<ComputeInstanceResource>>($"{computes}?top=1000", WorkbenchJson.Options);
            foreach (var instance in page!.Value)
            {
                await api.DeleteAsync($"{computes}/{instance.Name}");
            }
        }
        await Eventually.UntilAsync(() => InstanceProcesses.FindByCommandLine(InstancesDir).Count == 0, TimeSpan.FromSeconds(60), "the instances ending", () => Output);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
