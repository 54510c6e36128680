using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Jobs;
using Workbench.Cli.Output;

namespace Workbench.Cli.Commands;

/// <summary>`wb job create -f job.yml`: submits a job spec (and its code folder); with --stream, follows its logs to its end.</summary>
internal static class CreateJobCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = new Option<string>("--file", "-f") { Description = "The job spec, YAML (or JSON); see docs/jobs.md.", Required = true, HelpName = "FILE" };
        var name = new Option<string?>("--name", "-n") { Description = "The job's name; defaults to the spec's name, else one is made up." };
        var stream = new Option<bool>("--stream") { Description = "Follow the job's output until it ends, then exit with its exit code." };
        var command = new Command("create", "Submit a job to a compute's queue.") { file, name, stream };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var spec = JobSpecFile.Read(parse.GetRequiredValue(file));
            await using var code = spec.CodeFolder is null ? null : await CodeFolder.PackAsync(spec.CodeFolder, cancellationToken);
            var submitted = await invocation.Client.SubmitJobAsync(invocation.Workspace, parse.GetValue(name), spec.Text, spec.MediaType, code, cancellationToken);
            if (!parse.GetValue(stream))
            {
                invocation.Print(submitted, JobTables.Details);
                return ExitCodes.Success;
            }
            return await JobCommands.FollowAsync(invocation, submitted.Value.Name, cancellationToken);
        }));
        return command;
    }
}
