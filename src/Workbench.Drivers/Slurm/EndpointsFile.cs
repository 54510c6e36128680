namespace Workbench.Drivers.Slurm;

/// <summary>
/// The file an instance's job writes once its apps have ports: "job=ID", then "app.NAME=host:port"
/// per app. The job id ties it to one run, so a file left by an earlier run is never taken for the
/// current one.
/// </summary>
internal static class EndpointsFile
{
    public const string JobKey = "job";
    public const string AppPrefix = "app.";

    /// <summary>The endpoints the given job wrote, or null when the file is missing or another job's (it is written whole, with a rename).</summary>
    public static IReadOnlyDictionary<string, string>? Read(string path, string jobId)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var values = lines.Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        if (values.GetValueOrDefault(JobKey) != jobId)
        {
            return null;
        }
        return values.Where(p => p.Key.StartsWith(AppPrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[AppPrefix.Length..], p => p.Value);
    }
}
