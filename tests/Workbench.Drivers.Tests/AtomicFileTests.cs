namespace Workbench.Drivers.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-atomic").FullName;

    [Fact]
    public void WriteUnread_NewFile_HasTheTextAndExactlyTheMode_AndNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "job.sh");
        AtomicFile.WriteUnread(path, "true\n", OwnerOnly);
        AssertTheOnlyFile(path, "true\n");
    }

    [Fact]
    public void WriteUnread_AFileCutShortBefore_IsReplacedWhole()
    {
        var path = Path.Combine(_folder, "job.sh");
        File.WriteAllText(path, "echo half a scri");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        AtomicFile.WriteUnread(path, "true\n", OwnerOnly);
        AssertTheOnlyFile(path, "true\n");
    }

    [Fact]
    public void Write_OverAnother_ReplacesIt_AndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "handle.json");
        File.WriteAllText(path + ".tmp", "left by a crash");
        AtomicFile.Write(path, "{}", OwnerOnly);
        AtomicFile.Write(path, """{"Pid":1}""", OwnerOnly);
        AssertTheOnlyFile(path, """{"Pid":1}""");
    }

    /// <summary>The file has the text and exactly the mode asked for, and nothing else is in its folder (no temporary file).</summary>
    private void AssertTheOnlyFile(string path, string text)
    {
        Assert.Equal(text, File.ReadAllText(path));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
