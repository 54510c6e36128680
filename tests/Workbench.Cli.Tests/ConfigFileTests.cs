using System.Runtime.Versioning;
using Workbench.Cli.Tests.Fakes;
using Workbench.Testing;

namespace Workbench.Cli.Tests;

public sealed class ConfigFileTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempFolder _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Write_NoFolderYet_CreatesFileOwnerReadWriteOnlyInOwnerOnlyFolder()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");
        var file = new ConfigFile(Path.Combine(_home.Path, "workbench", "config.json"));

        file.Write(new CliConfig("http://server", "secret"));

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file.Path));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file.Path)!));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Write_OverWorldReadableFile_LeavesOwnerReadWriteOnlyFile()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");
        var file = new ConfigFile(Path.Combine(_home.Path, "config.json"));
        File.WriteAllText(file.Path, "{}");
        File.SetUnixFileMode(file.Path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        file.Write(new CliConfig("http://server", "secret"));

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file.Path));
    }

    [Fact]
    public void Write_ThenRead_ReturnsSameSettingsAndLeavesNoDraft()
    {
        var file = new ConfigFile(Path.Combine(_home.Path, "workbench", "config.json"));

        file.Write(new CliConfig("http://server", "secret"));

        Assert.Equal(new CliConfig("http://server", "secret"), file.Read());
        Assert.Equal(["config.json"], Directory.GetFiles(Path.GetDirectoryName(file.Path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Read_NoFile_ReturnsNull()
    {
        Assert.Null(new ConfigFile(Path.Combine(_home.Path, "config.json")).Read());
    }

    [Fact]
    public void Read_MalformedFile_ThrowsNamingTheFile()
    {
        var file = new ConfigFile(Path.Combine(_home.Path, "config.json"));
        File.WriteAllText(file.Path, "server = http://x");

        var error = Assert.Throws<CliException>(file.Read);

        Assert.Contains(file.Path, error.Message);
    }

    [Fact]
    public void AtDefaultLocation_XdgConfigHomeSet_UsesIt()
    {
        var file = ConfigFile.AtDefaultLocation(name => name == "XDG_CONFIG_HOME" ? "/xdg" : "/home/someone");

        Assert.Equal(Path.Combine("/xdg", "workbench", "config.json"), file.Path);
    }

    [Fact]
    public void AtDefaultLocation_XdgConfigHomeUnset_UsesDotConfigInHome()
    {
        var file = ConfigFile.AtDefaultLocation(name => name == "HOME" ? "/home/someone" : null);

        Assert.Equal(Path.Combine("/home/someone", ".config", "workbench", "config.json"), file.Path);
    }
}
