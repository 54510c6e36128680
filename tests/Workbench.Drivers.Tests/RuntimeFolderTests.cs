using System.Diagnostics;
using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Drivers.Tests;

/// <summary>The memory-backed folder the instances' job hand-over files go to by default, and what makes a folder this user's alone.</summary>
public sealed class RuntimeFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder _root = new("wb-runtime-folder");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Default_IsAFolderOnATmpfs_ThatOnlyThisUserMayEnter()
    {
        var folder = RuntimeFolder.Default();
        Assert.NotEqual("", folder);
        Assert.True(RuntimeFolder.IsMemoryBacked(folder), $"{folder} is not on a tmpfs");
        Assert.True(RuntimeFolder.IsPrivate(folder), $"{folder} is not this user's alone");
    }

    [Fact]
    public void IsMemoryBacked_Tmpfs_NotProcOrAFolderOnDisk()
    {
        Assert.True(RuntimeFolder.IsMemoryBacked("/dev/shm"));
        Assert.False(RuntimeFolder.IsMemoryBacked("/proc"));
        Assert.False(RuntimeFolder.IsMemoryBacked(Path.Combine(_root.Path, "missing")));
    }

    [Fact]
    public void IsPrivate_OnlyAFolderOfThisUsers_ThatNoOneElseMayEnter_NotALinkToOne()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root.Path, "private"), OwnerOnly).FullName;
        Assert.True(RuntimeFolder.IsPrivate(folder));

        var link = Path.Combine(_root.Path, "link");
        File.CreateSymbolicLink(link, folder);
        Assert.False(RuntimeFolder.IsPrivate(link));

        var file = Path.Combine(_root.Path, "file");
        File.WriteAllText(file, "");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.False(RuntimeFolder.IsPrivate(file));
        Assert.False(RuntimeFolder.IsPrivate(Path.Combine(_root.Path, "missing")));

        File.SetUnixFileMode(folder, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Assert.False(RuntimeFolder.IsPrivate(folder));
    }

    [Fact]
    public void IsPrivate_SomeoneElsesFolder_IsNot()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "only root can give a folder to someone else");
        var folder = Directory.CreateDirectory(Path.Combine(_root.Path, "theirs"), OwnerOnly).FullName;
        using (var chown = Process.Start("chown", ["65534", folder]))
        {
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }
        Assert.False(RuntimeFolder.IsPrivate(folder));
    }
}
