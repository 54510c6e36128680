using Workbench.Cli.Commands;
using Workbench.Cli.Tests.Fakes;
using Workbench.Contracts;

namespace Workbench.Cli.Tests.Commands;

public sealed class ComputeSshCommandTests
{
    private static readonly Uri Server = new("https://workbench.example.com:8443/");
    private static readonly SshAccessResource Listening = new("SHA256:abc", "root", "127.0.0.1", 40123, "ssh -p 40123 root@127.0.0.1", RestartNeeded: false);

    [Fact]
    public void Arguments_RunningInstance_PortUserHostAndAHostKeyNameOfTheInstance()
    {
        var arguments = ComputeSshCommand.Arguments(Resources.Compute("box1", ssh: Listening), Server, "/kh", "/keys/id", ["ls", "-la"]);

        Assert.Equal(
            [
                "-p", "40123", "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=/kh",
                "-o", "HostKeyAlias=workbench-workbench.example.com-default-box1-0",
                "-i", "/keys/id", "-o", "IdentitiesOnly=yes", "root@127.0.0.1", "ls", "-la",
            ],
            arguments);
        Assert.DoesNotContain("-i", ComputeSshCommand.Arguments(Resources.Compute("box1", ssh: Listening), Server, "/kh", null, []));
    }

    [Theory]
    [InlineData("Running", false, false, "has no SSH key")]
    [InlineData("Running", true, true, "restart it")]
    [InlineData("Stopped", true, false, "start it first")]
    public void Arguments_NoServerToReach_SaysWhatToDo(string state, bool hasKey, bool restartNeeded, string hint)
    {
        var ssh = hasKey ? new SshAccessResource("SHA256:abc", "root", null, null, null, restartNeeded) : null;
        var error = Assert.Throws<CliException>(() => ComputeSshCommand.Arguments(Resources.Compute("box1", state, ssh: ssh), Server, "/kh", null, []));
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }
}
