using System.Security.Cryptography;
using System.Text.Json;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

/// <summary>`wb file` against the real server: a file goes up and comes back the same; bad paths fail readably.</summary>
public sealed class FileCommandsTests : IAsyncLifetime
{
    private const string AdminToken = "wb_cli-files-admin";
    private readonly TempFolder _data = new("wb-cli-files");
    private readonly TempFolder _local = new("wb-cli-local");
    private readonly ServerProcess _server;
    private readonly Dictionary<string, string?> _env;

    public FileCommandsTests()
    {
        _server = new ServerProcess(_data.Path, AdminToken);
        _env = WbProcess.IsolatedEnvironment(_local.Path);
        _env["WB_SERVER"] = _server.Url;
        _env["WB_TOKEN"] = AdminToken;
    }

    public async ValueTask InitializeAsync() => await _server.StartAsync();

    private Task<WbRun> Wb(params string[] args) => WbProcess.RunAsync(_env, args);

    [Fact]
    public async Task UploadListDownload_RoundTripsTheBytes_ThenMoveAndDelete()
    {
        var original = Path.Combine(_local.Path, "train.csv");
        await File.WriteAllBytesAsync(original, RandomNumberGenerator.GetBytes(1_000_003));
        var up = await Wb("file", "upload", "--source", original, "--path", "data/train.csv");
        Assert.True(up.ExitCode == 0, up.Stderr);
        Assert.Contains("1000003 bytes", up.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, (await Wb("file", "upload", "--source", original, "--path", "data/train.csv")).ExitCode);
        Assert.Equal(0, (await Wb("file", "upload", "--source", original, "--path", "data/train.csv", "--overwrite")).ExitCode);

        var listed = JsonDocument.Parse((await Wb("file", "list", "-p", "data", "-o", "json")).Stdout).RootElement.GetProperty("value");
        Assert.Equal("train.csv", Assert.Single(listed.EnumerateArray()).GetProperty("name").GetString());

        var copy = Path.Combine(_local.Path, "copy.csv");
        var down = await Wb("file", "download", "-p", "data/train.csv", "--dest", copy);
        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.Equal(await File.ReadAllBytesAsync(original), await File.ReadAllBytesAsync(copy));
        var refused = await Wb("file", "download", "-p", "data/train.csv", "--dest", copy);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--overwrite", refused.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await Wb("file", "mkdir", "-p", "archive")).ExitCode);
        Assert.Equal(0, (await Wb("file", "move", "-p", "data/train.csv", "--to", "archive/train.csv")).ExitCode);
        Assert.Equal(0, (await Wb("file", "delete", "-p", "archive", "--recursive")).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "shares", "default", "archive")));
    }

    [Fact]
    public async Task BadPaths_FailWithAReadableError_AndLeaveNothing()
    {
        var escape = await Wb("file", "download", "-p", "../admin-token", "--dest", Path.Combine(_local.Path, "stolen"));
        Assert.Equal(1, escape.ExitCode);
        Assert.Contains("path:", escape.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", escape.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_local.Path, "stolen")));
        Assert.Empty(Directory.GetFiles(_local.Path, "*.wb-partial"));

        var missing = await Wb("file", "upload", "--source", Path.Combine(_local.Path, "nope.csv"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no file", missing.Stderr, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
        _local.Dispose();
    }
}
