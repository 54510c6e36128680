using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Domain.Catalog;
using Workbench.Drivers;
using Workbench.Drivers.Slurm;
using Workbench.Server.Catalog;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>Instances as Slurm jobs on the real dev cluster: the shipped Jupyter image, stop, start, release, outages.</summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmDriverTests : IAsyncDisposable
{
    private const string Token = "slurm-app-secret-42";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly Size Small = new("Standard_DS1_v2", 1, 0.5, 0, "standardDSv2Family", 0.07m);
    private readonly DevSlurmCluster _cluster;
    private readonly TempFolder _root;
    private readonly SlurmClient _slurm;
    private readonly SlurmDriver _driver;
    private readonly List<Guid> _made = [];
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public SlurmDriverTests(DevSlurmCluster cluster)
    {
        _cluster = SlurmCollection.Require(cluster);
        _root = new TempFolder("wb-slurm-driver");
        var options = Options.Create(new SlurmOptions
        {
            SlurmConf = cluster.Conf,
            SharePath = Path.Combine(_root.Path, "slurm"),
            ListenHost = "127.0.0.1",
        });
        _slurm = new SlurmClient(options);
        _driver = new SlurmDriver(_slurm, options, NullLogger<SlurmDriver>.Instance);
    }

    private string WorkspaceShare => Path.Combine(_root.Path, "shares", "default");

    private ComputeSpec Spec(ImageDefinition image, Size? size = null)
    {
        var id = Guid.NewGuid();
        _made.Add(id);
        var name = "slurm-" + id.ToString("N")[..6];
        var baseUrls = image.Apps.ToDictionary(a => a.Name, a => $"/i/default/{name}/{a.Name}/");
        return new ComputeSpec(id, "default", name, "alice", size ?? Small, image, baseUrls, Token, WorkspaceShare);
    }

    /// <summary>An image whose one app runs a shell script on the node.</summary>
    private static ImageDefinition Shell(string script) =>
        new("shell", "a shell script", [], [], [new AppDefinition("app", $"/bin/sh -c '{script}'", "ready", new Dictionary<string, string>())]);

    private string Home(ComputeSpec spec) => Path.Combine(_root.Path, "slurm", "instances", spec.ComputeId.ToString("N"), "home");

    private static string JobId(string handle) => JsonDocument.Parse(handle).RootElement.GetProperty("JobId").GetString()!;

    private async Task<Observation.Alive> AliveAsync(ComputeSpec spec, string handle) =>
        (Observation.Alive)await Eventually.UntilAsync(() => _driver.ObserveAsync(spec.ComputeId, handle, _ct), o => o is Observation.Alive, Wait,
            "the instance's job running with endpoints", () => _driver.ReadLogTailAsync(spec.ComputeId, 30, _ct).Result);

    [Fact]
    public async Task Start_JupyterImage_AnswersOnItsNodeWithTheToken_StopEndsTheJob()
    {
        var image = ImageFile.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "images", "jupyter.yaml")), "jupyter.yaml");
        var spec = Spec(image);
        var handle = await _driver.StartAsync(spec, _ct);
        var endpoint = (await AliveAsync(spec, handle)).Endpoints["jupyter"];
        Assert.StartsWith("127.0.0.1:", endpoint, StringComparison.Ordinal);

        // No cookies: Jupyter answers a request with the token with a login cookie that would stand in for it.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var status = $"http://{endpoint}{spec.AppBaseUrls["jupyter"]}api/status";
        await Eventually.UntilAsync(() => StatusOfAsync(http, status + "?token=" + Token), s => s == HttpStatusCode.OK, Wait,
            "Jupyter answering api/status", () => _driver.ReadLogTailAsync(spec.ComputeId, 30, _ct).Result);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(http, status));

        var jobId = JobId(handle);
        var job = (await _slurm.FindJobAsync(jobId, _ct))!;
        Assert.Equal(SlurmDriver.JobName(spec.ComputeId), job.Name);
        Assert.DoesNotContain(Token, File.ReadAllText(Path.Combine(Home(spec), "..", "job.sh")), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await _cluster.RunAsync("scontrol", "show", "job", "--details", jobId), StringComparison.Ordinal);
        Assert.Contains($"job {jobId} starting on", await _driver.ReadLogTailAsync(spec.ComputeId, 50, _ct), StringComparison.Ordinal);

        await _driver.StopAsync(spec.ComputeId, handle, _ct);
        Assert.True((await _slurm.FindJobAsync(jobId, _ct))!.State.IsFinished());
        Assert.IsType<Observation.Exited>(await _driver.ObserveAsync(spec.ComputeId, handle, _ct));
        await Eventually.UntilAsync(() => InstanceProcesses.FindByCommandLine(spec.AppBaseUrls["jupyter"]).Count == 0, Wait, "Jupyter's processes ending");
    }

    [Fact]
    public async Task Start_Twice_AdoptsTheJobItSubmitted()
    {
        var spec = Spec(Shell("exec sleep 600"));
        var first = await _driver.StartAsync(spec, _ct);
        var second = await _driver.StartAsync(spec, _ct);
        Assert.Equal(JobId(first), JobId(second));
        var live = (await _slurm.ListJobsAsync(_ct)).Where(j => j.Name == SlurmDriver.JobName(spec.ComputeId) && !j.State.IsFinished());
        Assert.Single(live);
    }

    [Fact]
    public async Task Stop_KeepsHome_StartAgainIsANewJobThatSeesIt_ReleaseDeletesIt_ShareStays()
    {
        var spec = Spec(Shell("echo run >> $HOME/runs.txt; echo x > $HOME/cloudfiles/out.txt; exec sleep 600"));
        var runs = Path.Combine(Home(spec), "runs.txt");
        var first = await _driver.StartAsync(spec, _ct);
        await Eventually.UntilAsync(() => File.Exists(runs), Wait, "the first run writing");
        await _driver.StopAsync(spec.ComputeId, first, _ct);

        var second = await _driver.StartAsync(spec, _ct);
        Assert.NotEqual(JobId(first), JobId(second));
        await Eventually.UntilAsync(() => File.ReadAllLines(runs).Length == 2, Wait, "the second run writing");
        await AliveAsync(spec, second);

        await _driver.ReleaseAsync(spec.ComputeId, second, _ct);
        Assert.False(Directory.Exists(Path.GetDirectoryName(Home(spec))));
        Assert.Equal("x", File.ReadAllText(Path.Combine(WorkspaceShare, "out.txt")).Trim());
        Assert.True((await _slurm.FindJobAsync(JobId(second), _ct))!.State.IsFinished());
        Assert.IsType<Observation.Gone>(await _driver.ObserveAsync(spec.ComputeId, null, _ct));
    }

    [Fact]
    public async Task Observe_JobWaitsForANode_IsStarting_ThenAlive()
    {
        var blocker = await _slurm.SubmitAsync(new SlurmJobRequest("wb-test-blocker", "#!/bin/sh\nexec sleep 600\n")
        {
            Nodes = 4,
            CpusPerTask = 4,
            OutputPath = "/dev/null",
        }, _ct);
        try
        {
            await Eventually.UntilAsync(() => _slurm.FindJobAsync(blocker, _ct), j => j?.State == SlurmJobState.Running, Wait, "the blocker running");
            var spec = Spec(Shell("exec sleep 600"));
            var handle = await _driver.StartAsync(spec, _ct);
            var waiting = await Eventually.UntilAsync(() => _driver.ObserveAsync(spec.ComputeId, handle, _ct), o => o is Observation.Starting s && s.Reason.Contains("PENDING", StringComparison.Ordinal), Wait, "the job waiting");
            Assert.Contains("waiting for a node", ((Observation.Starting)waiting).Reason, StringComparison.Ordinal);
            await _slurm.CancelAsync(blocker, _ct);
            await AliveAsync(spec, handle);
        }
        finally
        {
            await _slurm.CancelAsync(blocker, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Observe_AppEnds_ReportsTheEndedJobAndItsLog()
    {
        var spec = Spec(Shell("echo something went wrong >&2; exit 3"));
        var handle = await _driver.StartAsync(spec, _ct);
        // First COMPLETING while Slurm cleans up on the node, then COMPLETED: both are an end.
        var exited = await Eventually.UntilAsync(() => _driver.ObserveAsync(spec.ComputeId, handle, _ct),
            o => o is Observation.Exited { Reason: var r } && r.Contains("COMPLETED", StringComparison.Ordinal), Wait, "the end seen");
        Assert.Equal($"Slurm job {JobId(handle)} is COMPLETED, exit code 0.", ((Observation.Exited)exited).Reason);
        Assert.Contains("something went wrong", await _driver.ReadLogTailAsync(spec.ComputeId, 20, _ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_ControllerDown_IsUnknownWithTheError_ThenAliveAgain()
    {
        var spec = Spec(Shell("exec sleep 600"));
        var handle = await _driver.StartAsync(spec, _ct);
        var endpoints = (await AliveAsync(spec, handle)).Endpoints;
        await _cluster.StopControllerAsync();
        try
        {
            var unknown = Assert.IsType<Observation.Unknown>(await _driver.ObserveAsync(spec.ComputeId, handle, _ct));
            Assert.Contains("Slurm did not answer", unknown.Error, StringComparison.Ordinal);
        }
        finally
        {
            await _cluster.StartControllerAsync();
        }
        Assert.Equal(endpoints, (await AliveAsync(spec, handle)).Endpoints);
    }

    private static async Task<HttpStatusCode?> StatusOfAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Releases every instance a test made, so no job outlives it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _made)
        {
            await _driver.ReleaseAsync(id, null, CancellationToken.None);
        }
        _slurm.Dispose();
        _root.Dispose();
    }
}
