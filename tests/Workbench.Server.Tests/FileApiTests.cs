using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Workbench.Contracts;

namespace Workbench.Server.Tests;

/// <summary>The workspace file share over the API: upload, list, download, folders, move, delete, and no way out.</summary>
public sealed class FileApiTests(FileApiTests.Server server) : IClassFixture<FileApiTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private const string Files = "/api/v1/workspaces/default/files";

    private string Share => Path.Combine(server.DataDir, "shares", "default");

    [Fact]
    public async Task Upload_ListDownload_GivesTheSameBytes()
    {
        var client = server.CreateAdminClient();
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var put = await client.PutAsync($"{Files}/content?path=data/raw/big.bin", new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(bytes.Length, (await put.Content.ReadFromJsonAsync<FileEntryResource>(WorkbenchJson.Options))!.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(Share, "data", "raw", "big.bin")));

        var listing = await client.GetFromJsonAsync<Page<FileEntryResource>>($"{Files}?path=data", WorkbenchJson.Options);
        var raw = Assert.Single(listing!.Value);
        Assert.Equal(("raw", "data/raw", FileEntryResource.Folder), (raw.Name, raw.Path, raw.Type));
        Assert.Equal(bytes, await client.GetByteArrayAsync($"{Files}/content?path=data/raw/big.bin"));

        var replaced = await client.PutAsync($"{Files}/content?path=data/raw/big.bin", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsync($"{Files}/content?path=data/raw/big.bin&overwrite=false", new ByteArrayContent([4]))).StatusCode);
        Assert.Equal([1, 2, 3], await client.GetByteArrayAsync($"{Files}/content?path=data/raw/big.bin"));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(Share, "data", "raw")), f => Path.GetFileName(f).StartsWith(".wb-upload-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Folders_MoveAndDelete_BehaveAsAFileManagerDoes()
    {
        var client = server.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{Files}/folders?path=fm/a/b", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"{Files}/folders?path=fm/a", null)).StatusCode);
        await client.PutAsync($"{Files}/content?path=fm/a/b/n.txt", new StringContent("note"));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"{Files}/folders?path=fm/a/b/n.txt/x", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Files}/move", new { from = "fm/a/b/n.txt", to = "fm/a/renamed.txt" })).StatusCode);
        Assert.Equal("note", await client.GetStringAsync($"{Files}/content?path=fm/a/renamed.txt"));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"{Files}/move", new { from = "fm/a/b", to = "fm/a/renamed.txt" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"{Files}/move", new { from = "fm/a", to = "fm/a/b/inside" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"{Files}/move", new { from = "fm/none", to = "fm/x" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"{Files}?path=fm/a")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Files}?path=fm/a&recursive=true")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(Share, "fm", "a")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{Files}?path=fm/a")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync($"{Files}?path=/&recursive=true")).StatusCode);
        Assert.True(Directory.Exists(Share));
    }

    [Theory]
    [InlineData("../secrets")]
    [InlineData("a/../../workbench.db")]
    [InlineData("./x")]
    [InlineData("a//b")]
    [InlineData("a\\..\\b")]
    public async Task Paths_OutsideTheShare_Are400NamingPath(string path)
    {
        var client = server.CreateAdminClient();
        foreach (var response in new[]
        {
            await client.GetAsync($"{Files}?path={Uri.EscapeDataString(path)}"),
            await client.GetAsync($"{Files}/content?path={Uri.EscapeDataString(path)}"),
            await client.PutAsync($"{Files}/content?path={Uri.EscapeDataString(path)}", new StringContent("x")),
            await client.DeleteAsync($"{Files}?path={Uri.EscapeDataString(path)}"),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("path", out _));
        }
    }

    [Fact]
    public async Task SymbolicLinks_ThatLeaveTheShare_AreNotFollowed()
    {
        var client = server.CreateAdminClient();
        Directory.CreateDirectory(Share);
        File.CreateSymbolicLink(Path.Combine(Share, "escape"), server.DataDir);
        File.CreateSymbolicLink(Path.Combine(Share, "passwd"), "/etc/passwd");
        Directory.CreateDirectory(Path.Combine(Share, "inside"));
        File.CreateSymbolicLink(Path.Combine(Share, "alias"), Path.Combine(Share, "inside"));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Files}/content?path=escape/admin-token")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Files}?path=escape")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Files}/content?path=passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync($"{Files}/content?path=escape/planted", new StringContent("x"))).StatusCode);
        Assert.False(File.Exists(Path.Combine(server.DataDir, "planted")));
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"{Files}/content?path=alias/ok.txt", new StringContent("ok"))).StatusCode);
        Assert.Equal("ok", await File.ReadAllTextAsync(Path.Combine(Share, "inside", "ok.txt")));
    }

    [Fact]
    public async Task Fuzz_RandomPathsAndBodies_NeverAnswer500()
    {
        var client = server.CreateAdminClient();
        var random = new Random(23);
        string[] pieces = ["a", "..", ".", "", "/", "\\", "%00", "%2e%2e", "~", "é", "con", new string('x', 300), "*", "?", "#"];
        for (var i = 0; i < 300; i++)
        {
            var path = string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => pieces[random.Next(pieces.Length)] + (random.Next(3) == 0 ? "/" : "")));
            using var response = (i % 5) switch
            {
                0 => await client.GetAsync($"{Files}?path={path}"),
                1 => await client.GetAsync($"{Files}/content?path={path}"),
                2 => await client.PutAsync($"{Files}/content?path={path}", new StringContent(path)),
                3 => await client.PostAsync($"{Files}/move", new StringContent(random.Next(2) == 0 ? $"{{\"from\":\"{path}\"}}" : path, System.Text.Encoding.UTF8, "application/json")),
                _ => await client.DeleteAsync($"{Files}?path={path}&recursive={random.Next(2) == 0}"),
            };
            Assert.True((int)response.StatusCode < 500, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Files_NeedAToken_AndAWorkspace()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync(Files)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.CreateAdminClient().GetAsync("/api/v1/workspaces/nope/files")).StatusCode);
    }
}
