using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests.Jobs;

/// <summary>The job API against one real instance: what it refuses and how, idempotent submits, lists, logs, outputs and code.</summary>
[Trait("Category", "Jupyter")]
public sealed class JobApiTests(JobApiTests.Server server) : IClassFixture<JobApiTests.Server>
{
    private const string Box = "api-box";

    /// <summary>One server and one running instance of 1 vCPU (two slots) owned by the admin, for the class.</summary>
    public sealed class Server : WorkbenchFactory, IAsyncLifetime
    {
        public async ValueTask InitializeAsync()
        {
            var api = CreateAdminClient();
            await api.PutComputeAsync(Box, new { size = "Standard_DS1_v2" });
            var running = await api.WaitForStateAsync(Box, "Running");
            Assert.True(running!.State == "Running", running.Error);
        }

        public string Share => Path.Combine(DataDir, "shares", "default");
    }

    private readonly HttpClient _admin = server.CreateAdminClient();

    private async Task<JsonElement> AssertInvalidAsync(HttpResponseMessage response, string key, string fragment)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("urn:workbench:validation", problem.GetProperty("type").GetString());
        var messages = problem.GetProperty("errors").GetProperty(key).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("line ", StringComparison.Ordinal) && m.Contains(fragment, StringComparison.Ordinal));
        return problem;
    }

    // A spec that is well formed but does not fit what exists, the key and a fragment of its message.
    public static TheoryData<string, string, string> Misfits() => new()
    {
        { "compute: nowhere\ncommand: x\n", "compute", "no compute named 'nowhere'" },
        { $"compute: {Box}\ncommand: x\nenvironment: no-such-image\n", "environment", "no environment image" },
        { $"compute: {Box}\ncommand: x\nresources: {{ cpu: 3 }}\n", "resources.cpu", "has 2" },
        { $"compute: {Box}\ncommand: x\nresources: {{ gpu: 1 }}\n", "resources.gpu", "has 0" },
        { $"compute: {Box}\ncommand: x\nresources: {{ memory: 64Gi }}\n", "resources.memory", "3.5 GiB" },
        { $"compute: {Box}\ncommand: x\ncode: ./src\n", "code", "carries none" },
        { $"compute: {Box}\ncommand: x\nname: other-name\n", "name", "URL names it" },
        { $"compute: {Box}\ncommand: x\ntimeout: 10 minutes\n", "timeout", "duration" },
    };

    [Theory]
    [MemberData(nameof(Misfits))]
    public async Task Put_SpecThatDoesNotFit_Is400NamingKeyAndLine_NothingStored(string yaml, string key, string fragment)
    {
        await AssertInvalidAsync(await _admin.PutJobAsync("misfit", yaml), key, fragment);
        Assert.Null(await _admin.GetJobAsync("misfit"));
        Assert.False(Directory.Exists(Path.Combine(server.Share, "jobs", "misfit")));
    }

    [Fact]
    public async Task Put_BadNameOrBody_IsRefusedWithAProblem()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutJobAsync("a.b", JobCalls.Spec(Box, "true"))).StatusCode);
        var xml = await _admin.PutAsync($"{JobCalls.Jobs}/xml-job", new StringContent("<job/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal("application/problem+json", xml.Content.Headers.ContentType?.MediaType);
        var huge = await _admin.PutJobAsync("huge-job", JobCalls.Spec(Box, new string('x', 2 * 1024 * 1024)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task Put_OnSomeoneElsesInstance_Is403()
    {
        var bob = await (await _admin.PostAsJsonAsync("/api/v1/users", new { name = "bob", role = "Data Scientist" })).Content.ReadFromJsonAsync<CreatedUserResponse>(WorkbenchJson.Options);
        var response = await server.CreateClient(bob!.Token).PutJobAsync("bobs-job", JobCalls.Spec(Box, "true"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("owner", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_SameSpecAgain_Is200_OtherSpec_Is409_PostNamesItself()
    {
        var spec = JobCalls.Spec(Box, "echo same", "environment_variables: { A: '1', B: '2' }");
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutJobAsync("same-job", spec)).StatusCode);
        var reordered = JobCalls.Spec(Box, "echo same", "environment_variables: { B: '2', A: '1' }");
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutJobAsync("same-job", reordered)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PutJobAsync("SAME-job", JobCalls.Spec(Box, "echo other"))).StatusCode);

        var named = await _admin.PostAsync(JobCalls.Jobs, new StringContent(JobCalls.Spec(Box, "true", "name: posted-job"), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.EndsWith("/jobs/posted-job", named.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(new { compute = Box, command = "true", display_name = "no name given" });
        var generated = await _admin.PostAsync(JobCalls.Jobs, new StringContent(json, Encoding.UTF8, "application/json"));
        var job = await generated.Content.ReadFromJsonAsync<JobResource>(WorkbenchJson.Options);
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        Assert.StartsWith("job-", job!.Name, StringComparison.Ordinal);
        Assert.Equal(("no name given", "jupyter", "admin"), (job.DisplayName, job.Environment, job.SubmittedBy));
    }

    [Fact]
    public async Task Put_SameNameManyTimesAtOnce_StoresOneJob_TheRestAreTheSame()
    {
        var spec = JobCalls.Spec(Box, "true");
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _admin.PutJobAsync("racing-job", spec)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var other = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _admin.PutJobAsync("racing-job-2", JobCalls.Spec(Box, $"echo {i}"))));
        Assert.Single(other, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, other.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var page = await _admin.GetFromJsonAsync<Page<JobResource>>($"{JobCalls.Jobs}?top=1000", WorkbenchJson.Options);
        Assert.Single(page!.Value, j => j.Name == "racing-job");
        Assert.Single(page.Value, j => j.Name == "racing-job-2");
    }

    [Fact]
    public async Task List_FiltersByComputeAndState_NewestFirst_InPages()
    {
        foreach (var name in new[] { "list-1", "list-2", "list-3" })
        {
            await _admin.SubmitJobAsync(name, JobCalls.Spec(Box, "true"));
        }
        foreach (var name in new[] { "list-1", "list-2", "list-3" })
        {
            await _admin.WaitForJobEndAsync(name);
        }
        var page = await _admin.GetFromJsonAsync<Page<JobResource>>($"{JobCalls.Jobs}?compute={Box.ToUpperInvariant()}&state=completed&top=2", WorkbenchJson.Options);
        Assert.Equal(2, page!.Value.Count);
        Assert.All(page.Value, j => Assert.Equal("Completed", j.State));
        var all = new List<string>(page.Value.Select(j => j.Name));
        while (page!.NextLink is { } next)
        {
            page = await _admin.GetFromJsonAsync<Page<JobResource>>(next, WorkbenchJson.Options);
            all.AddRange(page!.Value.Select(j => j.Name));
        }
        var ours = all.Where(n => n.StartsWith("list-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["list-3", "list-2", "list-1"], ours);
        Assert.Empty((await _admin.GetFromJsonAsync<Page<JobResource>>($"{JobCalls.Jobs}?compute=nowhere", WorkbenchJson.Options))!.Value);
        await AssertInvalidStateAsync(await _admin.GetAsync($"{JobCalls.Jobs}?state=sleeping"));
    }

    private static async Task AssertInvalidStateAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Queued, Starting, Running", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_Followed_ArriveAsWritten_AndEndWithTheJob()
    {
        var gate = Path.Combine(server.Share, "follow-gate");
        await _admin.SubmitJobAsync("follow-job", JobCalls.Spec(Box, "echo first; while [ ! -e ~/cloudfiles/follow-gate ]; do sleep 0.05; done; echo second"));
        using var response = await _admin.GetAsync($"{JobCalls.Jobs}/follow-job/logs/stdout?follow=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("first", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        // The job still waits for the gate: the first line came while it ran. The server shows it Running a moment after its
        // start (within 0.1 s: docs/jobs.md), which may come after that line.
        Assert.Equal("Running", (await _admin.WaitForJobAsync("follow-job", j => j.State != "Starting", "leaving Starting", seconds: 10))!.State);
        File.WriteAllText(gate, "");
        Assert.Equal("second", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("Completed", (await _admin.GetJobAsync("follow-job"))!.State);

        Assert.Equal("first\nsecond\n", await _admin.GetStringAsync($"{JobCalls.Jobs}/follow-job/logs/stdout"));
        Assert.Equal("", await _admin.GetStringAsync($"{JobCalls.Jobs}/follow-job/logs/stderr"));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{JobCalls.Jobs}/follow-job/logs/trace")).StatusCode);
    }

    [Fact]
    public async Task LogsAndOutputs_NeverFollowALinkOutOfTheShare()
    {
        await _admin.SubmitJobAsync("link-job", JobCalls.Spec(Box,
            "mkdir -p ~/cloudfiles/out-links; ln -sf /etc/passwd ~/cloudfiles/out-links/passwd; ln -sfn /etc ~/cloudfiles/out-links/etc; " +
            "echo ok > ~/cloudfiles/out-links/real.txt; ln -sf /etc/passwd ~/cloudfiles/jobs/link-job/logs/stderr.txt",
            "outputs: { files: { path: out-links } }"));
        Assert.Equal("Completed", (await _admin.WaitForJobEndAsync("link-job"))!.State);
        Assert.Equal("", await _admin.GetStringAsync($"{JobCalls.Jobs}/link-job/logs/stderr"));
        var files = await _admin.GetFromJsonAsync<Page<JobOutputFile>>($"{JobCalls.Jobs}/link-job/outputs", WorkbenchJson.Options);
        Assert.Equal([new JobOutputFile("files", "real.txt", 3)], files!.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{JobCalls.Jobs}/link-job/outputs/files/passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{JobCalls.Jobs}/link-job/outputs/files/etc/hostname")).StatusCode);
        Assert.Equal("ok\n", await _admin.GetStringAsync($"{JobCalls.Jobs}/link-job/outputs/files/real.txt"));
    }

    [Fact]
    public async Task Outputs_AreListedAndDownloaded()
    {
        await _admin.SubmitJobAsync("out-job", JobCalls.Spec(Box,
            "mkdir -p ${{outputs.model}}/sub; echo weights > ${{outputs.model}}/w.bin; echo deep > ${{outputs.model}}/sub/d.txt; echo one > ${{outputs.report}}",
            "outputs: { model: { path: outputs/out-job/ }, report: { path: reports/out-job.txt, type: uri_file } }"));
        Assert.Equal("Completed", (await _admin.WaitForJobEndAsync("out-job"))!.State);
        var files = await _admin.GetFromJsonAsync<Page<JobOutputFile>>($"{JobCalls.Jobs}/out-job/outputs", WorkbenchJson.Options);
        Assert.Equal(
            [new JobOutputFile("model", "sub/d.txt", 5), new JobOutputFile("model", "w.bin", 8), new JobOutputFile("report", "out-job.txt", 4)],
            files!.Value);
        Assert.Equal("deep\n", await _admin.GetStringAsync($"{JobCalls.Jobs}/out-job/outputs/model/sub/d.txt"));
        Assert.Equal("one\n", await _admin.GetStringAsync($"{JobCalls.Jobs}/out-job/outputs/report/out-job.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{JobCalls.Jobs}/out-job/outputs/nope/x")).StatusCode);
        // Four levels up from the output's folder is the data folder with the store in it.
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{JobCalls.Jobs}/out-job/outputs/model/..%2F..%2F..%2F..%2Fworkbench.db")).StatusCode);
    }

    [Fact]
    public async Task Code_IsCopiedIntoTheShare_AndIsTheWorkingFolder()
    {
        var archive = Tar(("train.sh", "echo trained in $(pwd) with $(cat lib/params.txt)\n"), ("lib/params.txt", "lr=0.1\n"));
        var response = await _admin.PutAsync($"{JobCalls.Jobs}/code-job", Multipart(JobCalls.Spec(Box, "sh train.sh", "code: ./src"), archive));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Completed", (await _admin.WaitForJobEndAsync("code-job"))!.State);
        Assert.Equal("trained in /home/admin/cloudfiles/jobs/code-job/code with lr=0.1\n", await _admin.GetStringAsync($"{JobCalls.Jobs}/code-job/logs/stdout"));
        Assert.True(File.Exists(Path.Combine(server.Share, "jobs", "code-job", "code", "lib", "params.txt")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(server.DataDir, "code-uploads")));
    }

    [Fact]
    public async Task Code_WithAnEntryLeavingItsFolderOrALink_IsRefused_NothingMade()
    {
        var escaping = Tar(("ok.txt", "x"), ("../../escaped.txt", "x"));
        var response = await _admin.PutAsync($"{JobCalls.Jobs}/evil-job", Multipart(JobCalls.Spec(Box, "true", "code: ./src"), escaping));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("leaves the code folder", problem.GetProperty("errors").GetProperty("code")[0].GetString(), StringComparison.Ordinal);

        using var linked = new MemoryStream();
        using (var writer = new TarWriter(linked, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "etc") { LinkName = "/etc" });
        }
        var link = await _admin.PutAsync($"{JobCalls.Jobs}/evil-job", Multipart(JobCalls.Spec(Box, "true", "code: ./src"), linked.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, link.StatusCode);
        Assert.Contains("SymbolicLink", await link.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Null(await _admin.GetJobAsync("evil-job"));
        Assert.False(Directory.Exists(Path.Combine(server.Share, "jobs", "evil-job")));
        Assert.False(File.Exists(Path.Combine(server.DataDir, "escaped.txt")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(server.DataDir, "code-uploads")));
    }

    [Fact]
    public async Task Cancel_Queued_EndsAtOnce_ByAnotherUser_Is403_Waiting_NeverRuns()
    {
        // Two slots taken by jobs that wait; the instance's job agent holds the next four waiting, so the seventh stays queued.
        await _admin.SubmitJobAsync("hold-1", JobCalls.Spec(Box, "while [ ! -e ~/cloudfiles/hold-gate ]; do sleep 0.05; done"));
        await _admin.SubmitJobAsync("hold-2", JobCalls.Spec(Box, "while [ ! -e ~/cloudfiles/hold-gate ]; do sleep 0.05; done"));
        await _admin.SubmitJobAsync("waiting-job", JobCalls.Spec(Box, "touch ~/cloudfiles/waiting-job-ran"));
        var ahead = new[] { "ahead-1", "ahead-2", "ahead-3" };
        foreach (var name in ahead)
        {
            await _admin.SubmitJobAsync(name, JobCalls.Spec(Box, "true"));
        }
        await _admin.SubmitJobAsync("queued-job", JobCalls.Spec(Box, "true"));
        try
        {
            // Each of the two is recorded Running by a reconcile of its own, so the second may be seen first.
            await _admin.WaitForJobAsync("hold-1", j => j.State == "Running", "running");
            await _admin.WaitForJobAsync("hold-2", j => j.State == "Running", "running");
            var waiting = await _admin.WaitForJobAsync("waiting-job", j => j.Message is not null, "waiting in the instance");
            Assert.Equal(("Starting", "Waiting for a free slot on the instance."), (waiting!.State, waiting.Message));
            Assert.Equal("Queued", (await _admin.GetJobAsync("queued-job"))!.State);
            Assert.Equal(new Contracts.JobCounts(2, 5), (await _admin.GetComputeAsync(Box))!.Jobs);
            Assert.Equal(new Contracts.JobCounts(2, 5), await CountsInListAsync());

            var carol = await (await _admin.PostAsJsonAsync("/api/v1/users", new { name = "carol", role = "Data Scientist" })).Content.ReadFromJsonAsync<CreatedUserResponse>(WorkbenchJson.Options);
            Assert.Equal(HttpStatusCode.Forbidden, (await server.CreateClient(carol!.Token).PostAsync($"{JobCalls.Jobs}/queued-job/cancel", null)).StatusCode);

            var canceled = await (await _admin.PostAsync($"{JobCalls.Jobs}/queued-job/cancel", null)).Content.ReadFromJsonAsync<JobResource>(WorkbenchJson.Options);
            Assert.Equal(("Canceled", "Canceled"), (canceled!.State, canceled.Reason));
            Assert.Null(canceled.StartedAt);

            // One its instance holds waiting is dropped there: it ends without having started, and never runs.
            Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"{JobCalls.Jobs}/waiting-job/cancel", null)).StatusCode);
            var dropped = await _admin.WaitForJobEndAsync("waiting-job");
            Assert.Equal(("Canceled", "Canceled", (DateTimeOffset?)null), (dropped!.State, dropped.Reason, dropped.StartedAt));
        }
        finally
        {
            // However it ends, the two holding jobs do: the other tests of this class use the same instance.
            File.WriteAllText(Path.Combine(server.Share, "hold-gate"), "");
        }
        foreach (var name in ahead.Prepend("hold-2").Prepend("hold-1"))
        {
            Assert.Equal("Completed", (await _admin.WaitForJobEndAsync(name))!.State);
        }
        Assert.False(File.Exists(Path.Combine(server.Share, "waiting-job-ran")));
        // Ended jobs count neither way, in the compute's own GET or in the list.
        Assert.Equal(new Contracts.JobCounts(0, 0), (await _admin.GetComputeAsync(Box))!.Jobs);
        Assert.Equal(new Contracts.JobCounts(0, 0), await CountsInListAsync());
    }

    private async Task<Contracts.JobCounts?> CountsInListAsync() =>
        (await _admin.GetFromJsonAsync<Page<ComputeInstanceResource>>($"{ApiCalls.Computes}?top=100", WorkbenchJson.Options))!
            .Value.Single(c => c.Name == Box).Jobs;

    private static byte[] Tar(params (string Name, string Text)[] files)
    {
        using var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }
        return archive.ToArray();
    }

    private static MultipartFormDataContent Multipart(string yaml, byte[] archive)
    {
        var code = new ByteArrayContent(archive);
        code.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return new MultipartFormDataContent
        {
            { new StringContent(yaml, Encoding.UTF8, "application/yaml"), "spec" },
            { code, "code", "code.tar" },
        };
    }
}
