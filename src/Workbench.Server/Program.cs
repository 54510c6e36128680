using Workbench.Server;

// Settings and images ship beside the server, so it runs the same from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data-dir"] = "Workbench:DataDir" });
builder.AddWorkbench();

var app = builder.Build();
app.UseWorkbench();
await app.RunAsync();

/// <summary>The server's entry point; public so tests can host it.</summary>
public partial class Program;
