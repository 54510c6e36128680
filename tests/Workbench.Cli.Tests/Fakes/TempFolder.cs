namespace Workbench.Cli.Tests.Fakes;

/// <summary>A fresh folder per test, removed afterwards, so no test sees the real ~/.config.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wb-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
