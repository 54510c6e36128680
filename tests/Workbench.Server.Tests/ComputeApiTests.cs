using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Domain.Computes;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>What the compute API refuses and how: status codes and problem details naming the field.</summary>
public sealed class ComputeApiTests(ComputeApiTests.Server server) : IClassFixture<ComputeApiTests.Server>
{
    /// <summary>One server for the class; instances made here are deleted when it is disposed.</summary>
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    [Fact]
    public async Task AnyCall_WithoutToken_Is401Problem()
    {
        var response = await server.CreateClient().GetAsync(ApiCalls.Computes);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task AnyCall_WithUnknownToken_Is401()
    {
        var response = await server.CreateClient("wb_not-a-real-token").GetAsync("/api/v1/sizes");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("ab", "name")]
    [InlineData("1abc", "name")]
    [InlineData("abc_d", "name")]
    [InlineData("toolong-toolong-toolong-x", "name")]
    public async Task Create_BadName_Is400NamingName(string name, string field) =>
        await AssertInvalidAsync(await _admin.PutComputeAsync(name, new { size = "Standard_DS1_v2" }), field);

    [Fact]
    public async Task Create_UnknownSize_Is400NamingSize() =>
        await AssertInvalidAsync(await _admin.PutComputeAsync("badsize", new { size = "Standard_Huge" }), "size");

    [Fact]
    public async Task Create_MissingSize_Is400NamingSize() =>
        await AssertInvalidAsync(await _admin.PutComputeAsync("nosize", new { }), "size");

    [Fact]
    public async Task Create_UnknownImage_Is400NamingImage() =>
        await AssertInvalidAsync(await _admin.PutComputeAsync("badimage", new { size = "Standard_DS1_v2", image = "nope" }), "image");

    [Fact]
    public async Task Create_UnknownAssignee_Is400NamingAssignTo() =>
        await AssertInvalidAsync(await _admin.PutComputeAsync("badowner", new { size = "Standard_DS1_v2", assignTo = "nobody" }), "assignTo");

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"size\": 5}")]
    [InlineData("not json at all")]
    public async Task Create_MalformedBody_Is400Problem(string body)
    {
        var response = await _admin.PutAsync($"{ApiCalls.Computes}/malformed", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await _admin.GetComputeAsync("malformed"));
    }

    [Fact]
    public async Task Create_InUnknownWorkspace_Is404()
    {
        var response = await _admin.PutAsJsonAsync("/api/v1/workspaces/nowhere/computes/abc", new { size = "Standard_DS1_v2" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public async Task Create_JobSlotsOutOfRange_Is400NamingJobSlots(int slots) =>
        await AssertInvalidAsync(await _admin.PutComputeAsync("badslots", new { size = "Standard_DS1_v2", jobSlots = slots }), "jobSlots");

    [Fact]
    public async Task Create_JobSlots_DefaultTwoPerVCpu_OrAsAsked_AndPartOfTheSpec()
    {
        var two = await (await _admin.PutComputeAsync("slots-2", new { size = "Standard_DS1_v2", jobSlots = (int?)null }))
            .Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options);
        Assert.Equal((2, new JobCounts(0, 0)), (two!.JobSlots, two.Jobs));
        var five = await (await _admin.PutComputeAsync("slots-5", new { size = "Standard_DS1_v2", jobSlots = 5 }))
            .Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options);
        Assert.Equal(5, five!.JobSlots);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutComputeAsync("slots-5", new { size = "Standard_DS1_v2", jobSlots = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PutComputeAsync("slots-5", new { size = "Standard_DS1_v2" })).StatusCode);
        await _admin.DeleteAsync($"{ApiCalls.Computes}/slots-2");
        await _admin.DeleteAsync($"{ApiCalls.Computes}/slots-5");
    }

    [Fact]
    public async Task Create_SameSpecTwice_IsIdempotent_DifferentSpecIs409()
    {
        var first = await _admin.PutComputeAsync("idem-1", new { size = "Standard_DS1_v2" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await _admin.PutComputeAsync("idem-1", new { size = "Standard_DS1_v2", image = "jupyter" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var sameNameOtherCase = await _admin.PutComputeAsync("IDEM-1", new { size = "Standard_DS1_v2" });
        Assert.Equal(HttpStatusCode.OK, sameNameOtherCase.StatusCode);

        var different = await _admin.PutComputeAsync("idem-1", new { size = "Standard_DS2_v2" });
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        var problem = await different.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Standard_DS1_v2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Standard_DS1_v2", (await _admin.GetComputeAsync("idem-1"))!.Size);

        await _admin.DeleteAsync($"{ApiCalls.Computes}/idem-1");
        // Never "200, it exists" for an instance on its way out: 409 while deleting, or 201 once gone.
        var whileDeleting = await _admin.PutComputeAsync("idem-1", new { size = "Standard_DS1_v2" });
        Assert.NotEqual(HttpStatusCode.OK, whileDeleting.StatusCode);
        await _admin.DeleteAsync($"{ApiCalls.Computes}/idem-1");
    }

    [Fact]
    public async Task ConcurrentCreates_SameName_MakeOneInstance()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _admin.PutComputeAsync("race-1", new { size = "Standard_DS1_v2" })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, await server.WithStoreAsync(db => Task.FromResult(db.Instances.Count(i => i.NameKey == "race-1"))));
        await _admin.DeleteAsync($"{ApiCalls.Computes}/race-1");
    }

    [Fact]
    public async Task Start_WhileRunningOrStarting_Is409Problem()
    {
        await _admin.PutComputeAsync("twice-1", new { size = "Standard_DS1_v2" });
        var response = await _admin.PostAsync($"{ApiCalls.Computes}/twice-1/start", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Illegal state transition", problem.GetProperty("title").GetString());
        await _admin.DeleteAsync($"{ApiCalls.Computes}/twice-1");
    }

    [Fact]
    public async Task Actions_OnUnknownInstance_Are404()
    {
        foreach (var action in new[] { "start", "stop", "restart" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync($"{ApiCalls.Computes}/ghost-1/{action}", null)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync($"{ApiCalls.Computes}/ghost-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{ApiCalls.Computes}/ghost-1")).StatusCode);
    }

    [Fact]
    public async Task AssignTo_ByAdmin_OwnerIsAssignee_CreatorIsAdmin_MineFilters()
    {
        var carol = await CreateUserAsync("carol");
        var created = await _admin.PutComputeAsync("for-carol", new { size = "Standard_DS1_v2", assignTo = "carol" });
        var instance = await created.Content.ReadFromJsonAsync<ComputeInstanceResource>();
        Assert.Equal("carol", instance!.Owner);
        Assert.Equal("admin", instance.CreatedBy);

        var carolsMine = await carol.GetFromJsonAsync<Page<ComputeInstanceResource>>($"{ApiCalls.Computes}?mine=true");
        Assert.Equal(["for-carol"], carolsMine!.Value.Select(i => i.Name));
        var adminsMine = await _admin.GetFromJsonAsync<Page<ComputeInstanceResource>>($"{ApiCalls.Computes}?mine=true");
        Assert.DoesNotContain(adminsMine!.Value, i => i.Name == "for-carol");
        await _admin.DeleteAsync($"{ApiCalls.Computes}/for-carol");
    }

    [Fact]
    public async Task NonAdmin_AssigningToSomeoneElse_Is403_AndCannotStopOthersInstance()
    {
        var dave = await CreateUserAsync("dave");
        await CreateUserAsync("erin");
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PutComputeAsync("for-erin", new { size = "Standard_DS1_v2", assignTo = "erin" })).StatusCode);
        Assert.Null(await _admin.GetComputeAsync("for-erin"));

        await _admin.PutComputeAsync("admins-1", new { size = "Standard_DS1_v2" });
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PostAsync($"{ApiCalls.Computes}/admins-1/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.DeleteAsync($"{ApiCalls.Computes}/admins-1")).StatusCode);
        await _admin.DeleteAsync($"{ApiCalls.Computes}/admins-1");
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("command=\"sh\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAocpkGy2j9wvvDC9rUagu/Oc2bis7G/ypCvhliHLZE")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n")]
    [InlineData("")]
    public async Task Create_BadSshKey_Is400NamingSshPublicKey_NothingMade(string key)
    {
        await AssertInvalidAsync(await _admin.PutComputeAsync("badkey", new { size = "Standard_DS1_v2", sshPublicKey = key }), "sshPublicKey");
        Assert.Null(await _admin.GetComputeAsync("badkey"));
    }

    [Fact]
    public async Task Create_WithSshKey_ShowsItsFingerprint_SameKeyAgainIs200_OtherKeyOrNoneIs409()
    {
        using var ssh = new SshClient();
        var key = SshClient.PublicKey(await ssh.NewKeyAsync("mine"));
        var other = SshClient.PublicKey(await ssh.NewKeyAsync("other"));
        var created = await _admin.PutComputeAsync("keyed-1", new { size = "Standard_DS1_v2", sshPublicKey = key + "\n" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var instance = await created.Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options);
        Assert.StartsWith("SHA256:", instance!.Ssh!.KeyFingerprint, StringComparison.Ordinal);
        Assert.Equal("root", instance.Ssh.User);
        Assert.DoesNotContain(key.Split(' ')[1], await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _admin.PutComputeAsync("keyed-1", new { size = "Standard_DS1_v2", sshPublicKey = "  " + key })).StatusCode);
        var otherKey = await _admin.PutComputeAsync("keyed-1", new { size = "Standard_DS1_v2", sshPublicKey = other });
        Assert.Equal(HttpStatusCode.Conflict, otherKey.StatusCode);
        Assert.Contains("PATCH", (await otherKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PutComputeAsync("keyed-1", new { size = "Standard_DS1_v2" })).StatusCode);
        await _admin.DeleteAsync($"{ApiCalls.Computes}/keyed-1");
    }

    [Fact]
    public async Task SshKey_IsTheOwnersAlone_AdminCannotSetOrChangeIt()
    {
        using var ssh = new SshClient();
        var key = SshClient.PublicKey(await ssh.NewKeyAsync("key"));
        var hank = await CreateUserAsync("hank");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await _admin.PutComputeAsync("for-hank", new { size = "Standard_DS1_v2", assignTo = "hank", sshPublicKey = key })).StatusCode);
        Assert.Null(await _admin.GetComputeAsync("for-hank"));

        Assert.Equal(HttpStatusCode.Created, (await _admin.PutComputeAsync("for-hank", new { size = "Standard_DS1_v2", assignTo = "hank" })).StatusCode);
        var byCreator = await _admin.PatchComputeAsync("for-hank", new { sshPublicKey = key });
        Assert.Equal(HttpStatusCode.Forbidden, byCreator.StatusCode);
        Assert.Contains("owner", (await byCreator.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var byOwner = await hank.PatchComputeAsync("for-hank", new { sshPublicKey = key });
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(SshPublicKey.Fingerprint(key), (await byOwner.Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options))!.Ssh!.KeyFingerprint);
        var removed = await hank.PatchComputeAsync("for-hank", new { sshPublicKey = (string?)null });
        Assert.Null((await removed.Content.ReadFromJsonAsync<ComputeInstanceResource>(WorkbenchJson.Options))!.Ssh);
        await _admin.DeleteAsync($"{ApiCalls.Computes}/for-hank");
    }

    [Theory]
    [InlineData("{\"sshPublicKey\": \"ssh-ed25519 nope\"}", "sshPublicKey")]
    [InlineData("{\"sshPublicKey\": 5}", "sshPublicKey")]
    [InlineData("{}", "sshPublicKey")]
    [InlineData("{\"size\": \"Standard_DS2_v2\"}", "size")]
    [InlineData("[]", "body")]
    public async Task Update_BadPatch_Is400NamingTheField(string patch, string field)
    {
        await _admin.PutComputeAsync("patched-1", new { size = "Standard_DS1_v2" });
        using var content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json");
        await AssertInvalidAsync(await _admin.PatchAsync($"{ApiCalls.Computes}/patched-1", content), field);
        Assert.Null((await _admin.GetComputeAsync("patched-1"))!.Ssh);
    }

    [Fact]
    public async Task Update_UnknownInstance_Is404_NotJson_Is400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PatchComputeAsync("ghost-2", new { sshPublicKey = (string?)null })).StatusCode);
        await _admin.PutComputeAsync("patched-2", new { size = "Standard_DS1_v2" });
        using var content = new StringContent("{", Encoding.UTF8, "application/merge-patch+json");
        var response = await _admin.PatchAsync($"{ApiCalls.Computes}/patched-2", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await _admin.DeleteAsync($"{ApiCalls.Computes}/patched-2");
    }

    [Fact]
    public async Task List_PagesWithNextLink_UntilAllSeen()
    {
        var names = Enumerable.Range(0, 5).Select(i => $"page-{i}").ToList();
        foreach (var name in names)
        {
            await _admin.PutComputeAsync(name, new { size = "Standard_DS1_v2" });
        }
        var seen = new List<string>();
        string? next = $"{ApiCalls.Computes}?top=2";
        while (next is not null)
        {
            var page = await _admin.GetFromJsonAsync<Page<ComputeInstanceResource>>(next);
            Assert.True(page!.Value.Count <= 2);
            seen.AddRange(page.Value.Select(i => i.Name));
            next = page.NextLink;
        }
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Subset(seen.ToHashSet(), names.ToHashSet());
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync($"{ApiCalls.Computes}?top=0")).StatusCode);
        foreach (var name in names)
        {
            await _admin.DeleteAsync($"{ApiCalls.Computes}/{name}");
        }
    }

    [Fact]
    public async Task Catalogs_ListSizesAndImages()
    {
        var sizes = await _admin.GetFromJsonAsync<Page<SizeResource>>("/api/v1/sizes");
        var ds3 = Assert.Single(sizes!.Value, s => s.Name == "Standard_DS3_v2");
        Assert.Equal((4, 14.0, "standardDSv2Family"), (ds3.VCpus, ds3.MemoryGiB, ds3.Family));
        Assert.Equal(1, sizes.Value.Single(s => s.Name == "Standard_NC6s_v3").Gpus);
        var images = await _admin.GetFromJsonAsync<Page<ImageResource>>("/api/v1/images");
        var jupyter = Assert.Single(images!.Value, i => i.IsDefault);
        Assert.Equal("jupyter", jupyter.Name);
        Assert.Equal(["jupyter"], jupyter.Apps);
    }

    [Fact]
    public async Task Users_AdminCreates_TokenWorks_NonAdminCannotCreate_TokenStoredHashed()
    {
        var frank = await CreateUserAsync("frank");
        var me = await frank.GetFromJsonAsync<UserResource>("/api/v1/users/me");
        Assert.Equal("frank", me!.Name);
        Assert.False(me.IsAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await frank.PostAsJsonAsync("/api/v1/users", new { name = "grace" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsJsonAsync("/api/v1/users", new { name = "frank" })).StatusCode);
        await AssertInvalidAsync(await _admin.PostAsJsonAsync("/api/v1/users", new { name = "Bad Name" }), "name");

        var token = frank.DefaultRequestHeaders.Authorization!.Parameter!;
        var hashes = await server.WithStoreAsync(db => Task.FromResult(db.ApiTokens.Select(t => t.Hash).ToList()));
        Assert.DoesNotContain(token, hashes);
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
    }

    private async Task<HttpClient> CreateUserAsync(string name)
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/users", new { name, role = "Data Scientist" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<CreatedUserResponse>();
        return server.CreateClient(created!.Token);
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
    }
}
