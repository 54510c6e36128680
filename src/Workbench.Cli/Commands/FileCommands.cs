using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbench.Cli.CliContext;
using Workbench.Cli.Output;
using Workbench.Contracts;

namespace Workbench.Cli.Commands;

/// <summary>`wb file ...`: the workspace file share, the folder every instance and job sees at ~/cloudfiles.</summary>
internal static class FileCommands
{
    public static Command Create(CommandRunner runner) => new("file", "Browse and change the workspace file share (~/cloudfiles in every instance and job).")
    {
        List(runner),
        Upload(runner),
        Download(runner),
        MakeFolder(runner),
        Move(runner),
        Delete(runner),
    };

    private static Option<string> SharePath(string description, bool required = true) => new("--path", "-p")
    {
        Description = description,
        Required = required,
    };

    private static Option<bool> Overwrite(string what) => new("--overwrite") { Description = $"Replace {what} when it exists." };

    private static Command List(CommandRunner runner)
    {
        var path = SharePath("The folder to list, relative to the share; the share itself by default.", required: false);
        var command = new Command("list", "List a folder of the file share.") { path };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var entries = await invocation.Client.ListFilesAsync(invocation.Workspace, parse.GetValue(path) ?? "", cancellationToken);
            invocation.Print(entries, (console, page) =>
            {
                var table = Tables.Create("Name", "Type", "Size", "Modified");
                foreach (var entry in page.Value)
                {
                    Tables.AddRow(table, entry.Name, entry.Type, entry.Size?.ToString(CultureInfo.InvariantCulture) ?? "",
                        entry.ModifiedAt.ToString("u", CultureInfo.InvariantCulture));
                }
                console.Write(table);
            });
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Upload(CommandRunner runner)
    {
        var source = new Option<FileInfo>("--source", "-s") { Description = "The local file to upload.", Required = true };
        var path = SharePath("Where it goes in the share; folders on the way are created. Defaults to the file's name at the top.", required: false);
        var overwrite = Overwrite("the file in the share");
        var command = new Command("upload", "Upload a file into the share; it appears whole or not at all.") { source, path, overwrite };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(source);
            if (!file.Exists)
            {
                throw new CliException(Directory.Exists(file.FullName) ? $"{file.FullName} is a folder; upload its files one by one." : $"There is no file {file.FullName}.");
            }
            var target = parse.GetValue(path) is { Length: > 0 } given ? given : file.Name;
            await using var content = file.OpenRead();
            var uploaded = await invocation.Client.UploadFileAsync(invocation.Workspace, target, content, parse.GetValue(overwrite), cancellationToken);
            invocation.Print(uploaded, (console, entry) => console.WriteLine($"Uploaded {file.Name} to {entry.Path} ({entry.Size} bytes)."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Download(CommandRunner runner)
    {
        var path = SharePath("The file in the share.");
        var destination = new Option<FileInfo?>("--dest", "-d") { Description = "The local file to write; defaults to the file's name here." };
        var overwrite = Overwrite("the local file");
        var command = new Command("download", "Download a file of the share.") { path, destination, overwrite };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var remote = parse.GetRequiredValue(path);
            var local = parse.GetValue(destination) ?? new FileInfo(Path.GetFileName(remote.TrimEnd('/')));
            if (local.Exists && !parse.GetValue(overwrite))
            {
                throw new CliException($"{local.FullName} exists; add --overwrite to replace it.");
            }
            // Written beside the target first, so a failed download never leaves half a file under its name.
            var partial = local.FullName + ".wb-partial";
            try
            {
                await using (var file = File.Create(partial))
                {
                    await invocation.Client.DownloadFileAsync(invocation.Workspace, remote, file, cancellationToken);
                }
                File.Move(partial, local.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            Console.Out.WriteLine($"Downloaded {remote} to {local.FullName} ({new FileInfo(local.FullName).Length} bytes).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command MakeFolder(CommandRunner runner)
    {
        var path = SharePath("The folder to create; folders on the way are created too.");
        var command = new Command("mkdir", "Create a folder in the share.") { path };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var created = await invocation.Client.CreateFolderAsync(invocation.Workspace, parse.GetRequiredValue(path), cancellationToken);
            invocation.Print(created, (console, entry) => console.WriteLine($"Created {entry.Path}/."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Move(CommandRunner runner)
    {
        var path = SharePath("The file or folder to move.");
        var to = new Option<string>("--to") { Description = "Its new path in the share (its folder must exist).", Required = true };
        var command = new Command("move", "Rename or move a file or folder inside the share.") { path, to };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            var moved = await invocation.Client.MoveFileAsync(invocation.Workspace,
                new MoveFileRequest(parse.GetRequiredValue(path), parse.GetRequiredValue(to)), cancellationToken);
            invocation.Print(moved, (console, entry) => console.WriteLine($"Moved {parse.GetRequiredValue(path)} to {entry.Path}."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var path = SharePath("The file or folder to delete.");
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Delete a folder with everything in it." };
        var command = new Command("delete", "Delete a file, or a folder (empty, or with --recursive).") { path, recursive };
        command.SetAction(runner.Connected(async (parse, invocation, cancellationToken) =>
        {
            await invocation.Client.DeleteFileAsync(invocation.Workspace, parse.GetRequiredValue(path), parse.GetValue(recursive), cancellationToken);
            Console.Out.WriteLine($"Deleted {parse.GetRequiredValue(path)}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
