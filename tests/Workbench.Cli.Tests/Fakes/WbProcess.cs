using System.Diagnostics;

namespace Workbench.Cli.Tests.Fakes;

/// <summary>What a run of the real wb executable printed and returned.</summary>
internal sealed record WbRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built wb next to the test assembly with a controlled environment, as a user's shell would.</summary>
internal static class WbProcess
{
    public static string AppHostPath { get; } = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "wb.exe" : "wb");

    /// <param name="environment">Variables to set; a null value removes one inherited from the test runner.</param>
    public static Task<WbRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunWithInputAsync(environment, "", arguments);

    /// <param name="input">What wb reads on stdin, which is never a terminal here, as in a script.</param>
    public static async Task<WbRun> RunWithInputAsync(IReadOnlyDictionary<string, string?> environment, string input, params string[] arguments)
    {
        var start = new ProcessStartInfo(AppHostPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new WbRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>An environment with no server or token, and config looked up only under <paramref name="home"/>.</summary>
    public static Dictionary<string, string?> IsolatedEnvironment(string home) => new()
    {
        ["HOME"] = home,
        ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
        ["WB_SERVER"] = null,
        ["WB_TOKEN"] = null,
    };
}
