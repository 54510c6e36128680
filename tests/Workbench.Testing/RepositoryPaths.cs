namespace Workbench.Testing;

/// <summary>Where the built parts of this repository are, seen from a test or benchmark assembly.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the running assembly was built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string ServerDll => Built("src/Workbench.Server", "Workbench.Server.dll");

    public static string CliDll => Built("src/Workbench.Cli", "wb.dll");

    private static string Built(string project, string file)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build the solution first.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Workbench.slnx not found above " + AppContext.BaseDirectory);
    }
}
