using Workbench.Server;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data-dir"] = "Workbench:DataDir" });
builder.AddWorkbench();

var app = builder.Build();
app.UseWorkbench();
await app.RunAsync();

/// <summary>The server's entry point; public so tests can host it.</summary>
public partial class Program;
