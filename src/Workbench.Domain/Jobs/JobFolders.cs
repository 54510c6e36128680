namespace Workbench.Domain.Jobs;

/// <summary>Where a job keeps its files in the workspace file share: jobs/&lt;name&gt;/ with code/ and logs/ below it.</summary>
public static class JobFolders
{
    public const string Stdout = "stdout.txt";
    public const string Stderr = "stderr.txt";

    /// <summary>The log streams a job has, by the name the API uses for each.</summary>
    public static IReadOnlyDictionary<string, string> LogFiles { get; } = new Dictionary<string, string>
    {
        ["stdout"] = Stdout,
        ["stderr"] = Stderr,
    };

    /// <summary>The folder of all jobs' folders.</summary>
    public const string All = "jobs";

    public static string Root(string jobName) => $"{All}/{jobName}";

    public static string Code(string jobName) => $"{Root(jobName)}/code";

    public static string Logs(string jobName) => $"{Root(jobName)}/logs";

    /// <summary>A job runs in its code folder when it has one, else in its own folder.</summary>
    public static string WorkingFolder(string jobName, bool hasCode) => hasCode ? Code(jobName) : Root(jobName);
}
