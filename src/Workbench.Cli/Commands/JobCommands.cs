using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Cli.Jobs;
using Workbench.Cli.Output;

namespace Workbench.Cli.Commands;

/// <summary>`wb job ...`: submit, list, show, cancel, read logs, follow and download jobs.</summary>
internal static class JobCommands
{
    public static Command Create(CommandRunner runner) => new("job", "Run commands on computes and follow them.")
    {
        CreateJobCommand.Create(runner),
        List(runner),
        Show(runner),
        Cancel(runner),
        Logs(runner),
        Stream(runner),
        Download(runner),
    };

    /// <summary>
    /// Follows a job to its end and exits with its code. Its output goes to stdout and stderr as written;
    /// with -o json both go to stderr, so stdout holds only the final job object.
    /// </summary>
    public static async Task<int> FollowAsync(Invocation invocation, string name, CancellationToken cancellationToken)
    {
        var json = invocation.Output == OutputFormat.Json;
        await using var stdout = Console.OpenStandardOutput();
        await using var stderr = Console.OpenStandardError();
        var ended = await JobFollower.FollowAsync(invocation.Client, invocation.Workspace, name, json ? stderr : stdout, stderr, cancellationToken);
        if (json)
        {
            invocation.Print(ended, JobTables.Details);
        }
        return JobFollower.ExitCodeOf(ended.Value);
    }

    private static Command List(CommandRunner runner)
    {
        var compute = new Option<string?>("--compute") { Description = "Only the jobs of this compute." };
        var state = new Option<string?>("--state") { Description = "Only jobs in this state: Queued, Starting, Running, Completed, Failed or Canceled." };
        var command = new Command("list", "List the workspace's jobs, newest first.") { compute, state };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.ListJobsAsync(invocation.Workspace, parse.GetValue(compute), parse.GetValue(state), cancellationToken), JobTables.List);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var name = CommonOptions.Name("job");
        var command = new Command("show", "Show a job: its spec, state, times, exit code and why it ended.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.GetJobAsync(invocation.Workspace, parse.GetRequiredValue(name), cancellationToken), JobTables.Details);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Cancel(CommandRunner runner)
    {
        var name = CommonOptions.Name("job");
        var command = new Command("cancel", "Cancel a job: a queued one at once, a running one is killed with all its processes.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            invocation.Print(await invocation.Client.CancelJobAsync(invocation.Workspace, parse.GetRequiredValue(name), cancellationToken), JobTables.Details);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Logs(CommandRunner runner)
    {
        var name = CommonOptions.Name("job");
        var command = new Command("logs", "Print a job's output so far: its stdout to stdout, its stderr to stderr.") { name };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var job = parse.GetRequiredValue(name);
            await using (var stdout = Console.OpenStandardOutput())
            {
                await invocation.Client.CopyJobLogAsync(invocation.Workspace, job, "stdout", follow: false, stdout, cancellationToken);
            }
            await using (var stderr = Console.OpenStandardError())
            {
                await invocation.Client.CopyJobLogAsync(invocation.Workspace, job, "stderr", follow: false, stderr, cancellationToken);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Stream(CommandRunner runner)
    {
        var name = CommonOptions.Name("job");
        var command = new Command("stream", "Follow a job's output from its start until it ends, then exit with the job's exit code.") { name };
        command.SetAction(runner.Connected((parse, invocation, cancellationToken) => FollowAsync(invocation, parse.GetRequiredValue(name), cancellationToken)));
        return command;
    }

    private static Command Download(CommandRunner runner)
    {
        var name = CommonOptions.Name("job");
        var output = new Option<string>("--output") { Description = "The folder to download into; each output gets a folder of its name.", Required = true, HelpName = "DIR" };
        var command = new Command("download", "Download a job's outputs.") { name, output };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var job = parse.GetRequiredValue(name);
            var folder = Path.GetFullPath(parse.GetRequiredValue(output));
            var files = await invocation.Client.ListJobOutputsAsync(invocation.Workspace, job, cancellationToken);
            foreach (var file in files.Value.Value)
            {
                var target = Path.GetFullPath(Path.Combine(folder, file.Output, file.Path));
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new CliException($"the server named an output file outside {folder}: {file.Output}/{file.Path}.");
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var destination = File.Create(target);
                await invocation.Client.DownloadJobOutputAsync(invocation.Workspace, job, file, destination, cancellationToken);
            }
            invocation.Print(files, (console, page) =>
                console.WriteLine($"Downloaded {page.Value.Count} files ({page.Value.Sum(f => f.Size)} bytes) of job {job} to {folder}."));
            return ExitCodes.Success;
        }));
        return command;
    }
}
