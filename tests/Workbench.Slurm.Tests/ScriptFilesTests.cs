using Workbench.Drivers;
using Workbench.Testing;

namespace Workbench.Slurm.Tests;

/// <summary>How the server reads the marks a batch script leaves: an empty file's time is when it was made.</summary>
public sealed class ScriptFilesTests : IDisposable
{
    private readonly TempFolder _folder = new("wb-script-files");

    [Fact]
    public void ReadMarkTime_EmptyFile_IsItsModificationTime_AWrittenTimeWins_NoFileIsNull()
    {
        var mark = Path.Combine(_folder.Path, "started");
        Assert.Null(ScriptFiles.ReadMarkTime(mark));

        File.WriteAllText(mark, "");
        var made = new DateTimeOffset(2026, 11, 26, 12, 0, 0, 123, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(mark, made.UtcDateTime);
        Assert.Equal(made, ScriptFiles.ReadMarkTime(mark));

        // As batch scripts wrote it before: nanoseconds since the epoch.
        File.WriteAllText(mark, "1795704322000000000\n");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795704322), ScriptFiles.ReadMarkTime(mark));
    }

    public void Dispose() => _folder.Dispose();
}
