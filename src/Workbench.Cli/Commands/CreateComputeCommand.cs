using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Waiting;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb compute create`: asks for a new instance and, unless --no-wait, waits until it runs.</summary>
internal static class CreateComputeCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = CommonOptions.Name("compute instance");
        var size = new Option<string>("--size") { Description = "The machine size; see `wb size list`.", Required = true };
        var image = new Option<string?>("--image") { Description = "The environment image; defaults to the catalog's default. See `wb image list`." };
        var assignTo = new Option<string?>("--assign-to") { Description = "The user who will own the instance; defaults to you.", HelpName = "USER" };
        var sshKey = CommonOptions.SshPublicKey("Your SSH public key (a .pub file): the instance then runs an SSH server that takes it. See `wb compute ssh`.");
        var jobSlots = new Option<int?>("--job-slots") { Description = "How many job slots it has; defaults to two per vCPU of its size.", HelpName = "N" };
        var driver = new Option<string?>("--driver") { Description = "Where it runs: local (this server's machine, the default) or slurm (the server's Slurm cluster).", HelpName = "local|slurm" };
        var partition = new Option<string?>("--partition") { Description = "The Slurm partition it runs in (with --driver slurm); defaults to the server's.", HelpName = "P" };
        var noStart = new Option<bool>("--no-start") { Description = "Create it Stopped: its owner starts it later (wb compute start)." };
        var noWait = CommonOptions.NoWait();
        var command = new Command("create", "Create a compute instance and wait until it is running.")
        {
            name,
            size,
            image,
            assignTo,
            sshKey,
            jobSlots,
            driver,
            partition,
            noStart,
            noWait,
        };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var key = parse.GetValue(sshKey) is { } file ? CommonOptions.ReadSshPublicKey(file) : null;
            var start = !parse.GetValue(noStart);
            var request = new CreateComputeRequest(parse.GetRequiredValue(size), parse.GetValue(image), parse.GetValue(assignTo), key, start ? null : false, parse.GetValue(jobSlots),
                parse.GetValue(driver), parse.GetValue(partition));
            var accepted = await invocation.Client.CreateComputeAsync(invocation.Workspace, parse.GetRequiredValue(name), request, cancellationToken);
            return await OperationCompletion.FinishAsync(invocation, accepted, start ? WaitTarget.Running : WaitTarget.Stopped, parse.GetValue(noWait), cancellationToken);
        }));
        return command;
    }
}
