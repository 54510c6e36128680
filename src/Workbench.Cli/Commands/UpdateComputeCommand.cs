using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb compute update`: sets, replaces or removes the SSH key of an instance you own.</summary>
internal static class UpdateComputeCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = CommonOptions.Name("compute instance");
        var sshKey = CommonOptions.SshPublicKey("Your SSH public key (a .pub file); it replaces the one the instance had.");
        var remove = new Option<bool>("--remove-ssh-public-key") { Description = "Remove the SSH key: nobody can log in over SSH any more." };
        var command = new Command("update", "Change the SSH key of a compute instance you own; a running instance takes it at once.")
        {
            name,
            sshKey,
            remove,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(sshKey) is null) != result.GetValue(remove))
            {
                result.AddError("Give either --ssh-public-key FILE or --remove-ssh-public-key.");
            }
        });
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var key = parse.GetValue(sshKey) is { } file ? CommonOptions.ReadSshPublicKey(file) : null;
            var updated = await invocation.Client.UpdateComputeAsync(
                invocation.Workspace, parse.GetRequiredValue(name), new UpdateComputeRequest(key), cancellationToken);
            invocation.PrintInstance(updated);
            return ExitCodes.Success;
        }));
        return command;
    }
}
