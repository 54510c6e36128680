using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using Workbench.Cli.CliContext;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>
/// `wb compute ssh`: runs the system's ssh client against a running instance, attached to this
/// terminal, and exits with its status. Host keys go to wb's own known_hosts under a name for the
/// instance (not its port, which changes at each start): accepted the first time, checked after.
/// </summary>
internal static class ComputeSshCommand
{
    public const string KnownHostsFile = "known_hosts";

    public static Command Create(CommandRunner runner)
    {
        var name = CommonOptions.Name("compute instance");
        var identity = new Option<FileInfo?>("--identity-file", "-i")
        {
            Description = "The private key to log in with (ssh -i); by default ssh's own keys and agent.",
            HelpName = "FILE",
        };
        var remote = new Argument<string[]>("command")
        {
            Description = "A command to run there instead of a login shell; put it after --.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("ssh", "Log in over SSH to a running compute instance that has your key, or run a command there.")
        {
            name,
            identity,
            remote,
        };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var instance = (await invocation.Client.GetComputeAsync(invocation.Workspace, parse.GetRequiredValue(name), cancellationToken)).Value;
            var arguments = Arguments(
                instance, invocation.Connection.Server, runner.ConfigFile.Beside(KnownHostsFile), parse.GetValue(identity)?.FullName, parse.GetValue(remote) ?? []);
            return await RunSshAsync(arguments);
        }));
        return command;
    }

    /// <summary>The ssh command line for the instance, or why there is none yet.</summary>
    public static IReadOnlyList<string> Arguments(
        ComputeInstanceResource instance, Uri server, string knownHosts, string? identityFile, IReadOnlyList<string> remoteCommand)
    {
        var ssh = instance.Ssh
            ?? throw new CliException($"{instance.Name} has no SSH key. Add yours: wb compute update -n {instance.Name} --ssh-public-key ~/.ssh/id_ed25519.pub");
        if (ssh.RestartNeeded)
        {
            throw new CliException($"{instance.Name} runs without an SSH server; restart it to start one (wb compute restart -n {instance.Name}).");
        }
        if (ssh is not { Host: { } host, Port: { } port })
        {
            throw new CliException($"{instance.Name} is {instance.State}; start it first (wb compute start -n {instance.Name}).");
        }
        var alias = $"workbench-{server.Host}-{instance.Workspace}-{instance.Name}-{instance.CreatedAt.ToUnixTimeSeconds()}";
        List<string> arguments =
        [
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=accept-new",
            "-o", $"UserKnownHostsFile={knownHosts}",
            "-o", $"HostKeyAlias={alias}",
        ];
        if (identityFile is not null)
        {
            arguments.AddRange(["-i", identityFile, "-o", "IdentitiesOnly=yes"]);
        }
        arguments.Add($"{ssh.User}@{host}");
        arguments.AddRange(remoteCommand);
        return arguments;
    }

    private static async Task<int> RunSshAsync(IReadOnlyList<string> arguments)
    {
        // Not redirected: ssh reads and writes this terminal itself, and gets Ctrl+C from it too.
        var start = new ProcessStartInfo("ssh", arguments) { UseShellExecute = false };
        try
        {
            using var ssh = Process.Start(start)!;
            await ssh.WaitForExitAsync(CancellationToken.None);
            return ssh.ExitCode;
        }
        catch (Win32Exception)
        {
            throw new CliException("there is no ssh client on PATH; install OpenSSH's (on Debian: apt-get install openssh-client).");
        }
    }
}
