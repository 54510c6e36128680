using System.CommandLine;
using Workbench.Cli.CliContext;
using Workbench.Cli.Commands;

var globals = new GlobalOptions();
var runner = new CommandRunner(globals, Environment.GetEnvironmentVariable);

var root = new RootCommand("wb: create and manage Workbench compute instances and clusters and run jobs on them.")
{
    LoginCommand.Create(runner),
    UserCommands.Create(runner),
    TokenCommands.Create(runner),
    WorkspaceCommands.Create(runner),
    RoleCommands.Create(runner),
    MemberCommands.Create(runner),
    QuotaCommands.Create(runner),
    AuditCommands.Create(runner),
    ComputeCommands.Create(runner),
    ClusterCommands.Create(runner),
    FileCommands.Create(runner),
    JobCommands.Create(runner),
    CatalogCommands.CreateSize(runner),
    CatalogCommands.CreateImage(runner),
};
foreach (var option in globals.All)
{
    root.Add(option);
}

return await root.Parse(args).InvokeAsync();
