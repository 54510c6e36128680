using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Server.Access;
using Workbench.Server.Shares;

namespace Workbench.Server.Api;

/// <summary>
/// /api/v1/workspaces/{workspace}/files: the workspace file share, the one every instance mounts at
/// ~/cloudfiles. Paths travel in the query (?path=a/b.csv) and never leave the share.
/// </summary>
public static class FileApi
{
    public static IEndpointRouteBuilder MapFileApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces/{workspace}/files");
        group.MapGet("/", List).RequireAction(WorkbenchActions.FilesRead);
        group.MapGet("/content", Download).RequireAction(WorkbenchActions.FilesRead);
        group.MapPut("/content", UploadAsync).RequireAction(WorkbenchActions.FilesWrite);
        group.MapPost("/folders", CreateFolder).RequireAction(WorkbenchActions.FilesWrite);
        group.MapPost("/move", Move).RequireAction(WorkbenchActions.FilesWrite);
        group.MapDelete("/", Delete).RequireAction(WorkbenchActions.FilesWrite);
        return app;
    }

    private static Results<Ok<Page<FileEntryResource>>, ValidationProblem, ProblemHttpResult> List(string workspace, string? path, WorkspaceShares shares)
    {
        var (files, full, invalid) = Resolve(shares, workspace, path);
        if (invalid is not null)
        {
            return invalid;
        }
        if (File.Exists(full))
        {
            return ApiProblems.Invalid("path", $"'{path}' is a file; download it from .../files/content?path=.");
        }
        if (!Directory.Exists(full))
        {
            return ApiProblems.NotFound($"There is no folder '{path}' in the file share of '{workspace}'.");
        }
        var entries = new DirectoryInfo(full!).EnumerateFileSystemInfos()
            .Where(e => !FileUpload.IsPartial(e.Name))
            .OrderBy(e => e is FileInfo)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => ToResource(files, e))
            .ToList();
        return TypedResults.Ok(new Page<FileEntryResource>(entries, null));
    }

    private static IResult Download(string workspace, string? path, WorkspaceShares shares)
    {
        var (_, full, invalid) = Resolve(shares, workspace, path);
        if (invalid is not null)
        {
            return invalid;
        }
        return File.Exists(full)
            ? TypedResults.PhysicalFile(full, "application/octet-stream", Path.GetFileName(full), enableRangeProcessing: true)
            : ApiProblems.NotFound($"There is no file '{path}' in the file share of '{workspace}'.");
    }

    private static async Task<Results<Created<FileEntryResource>, Ok<FileEntryResource>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        string workspace, string? path, bool? overwrite, HttpContext context, WorkspaceShares shares, IOptions<WorkbenchOptions> options, CancellationToken ct)
    {
        var (files, full, invalid) = Resolve(shares, workspace, path);
        if (invalid is not null)
        {
            return invalid;
        }
        if (full == files.Root || Directory.Exists(full))
        {
            return ApiProblems.Conflict("Path is a folder", $"'{path}' is a folder; upload to a file path inside it.");
        }
        var existed = File.Exists(full);
        if (existed && overwrite == false)
        {
            return ApiProblems.Conflict("File exists", $"'{path}' exists; send overwrite=true to replace it.");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxUploadBytes;
        }
        var parent = Path.GetDirectoryName(full)!;
        if (File.Exists(parent) || !IsFolderOrCreatable(files, parent))
        {
            return ApiProblems.Conflict("Parent is a file", $"A part of '{path}' is a file, so it cannot hold a folder.");
        }
        Directory.CreateDirectory(parent);
        await FileUpload.WriteAsync(context.Request.Body, full!, ct);
        var resource = ToResource(files, new FileInfo(full!));
        return existed ? TypedResults.Ok(resource) : TypedResults.Created($"{context.Request.PathBase}{context.Request.Path}?path={Uri.EscapeDataString(resource.Path)}", resource);
    }

    private static Results<Created<FileEntryResource>, ValidationProblem, ProblemHttpResult> CreateFolder(string workspace, string? path, WorkspaceShares shares)
    {
        var (files, full, invalid) = Resolve(shares, workspace, path);
        if (invalid is not null)
        {
            return invalid;
        }
        if (File.Exists(full) || Directory.Exists(full))
        {
            return ApiProblems.Conflict("Path exists", $"'{path}' exists already.");
        }
        if (!IsFolderOrCreatable(files, full!))
        {
            return ApiProblems.Conflict("Parent is a file", $"A part of '{path}' is a file, so it cannot hold a folder.");
        }
        var created = Directory.CreateDirectory(full!);
        return TypedResults.Created($"files?path={Uri.EscapeDataString(files.ShareRelative(full!))}", ToResource(files, created));
    }

    private static Results<Ok<FileEntryResource>, ValidationProblem, ProblemHttpResult> Move(string workspace, MoveFileRequest? body, WorkspaceShares shares)
    {
        var (files, from, badFrom) = Resolve(shares, workspace, body?.From, "from");
        var (_, to, badTo) = Resolve(shares, workspace, body?.To, "to");
        if ((badFrom ?? badTo) is { } invalid)
        {
            return invalid;
        }
        if (from == files.Root || to == files.Root)
        {
            return ApiProblems.Invalid("from", "The share itself cannot be moved or replaced.");
        }
        if (!File.Exists(from) && !Directory.Exists(from))
        {
            return ApiProblems.NotFound($"There is no '{body!.From}' in the file share of '{workspace}'.");
        }
        if (File.Exists(to) || Directory.Exists(to))
        {
            return ApiProblems.Conflict("Target exists", $"'{body!.To}' exists already; delete it first or choose another name.");
        }
        if (Directory.Exists(from) && (to + "/").StartsWith(from + "/", StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("to", "A folder cannot move into itself.");
        }
        if (!Directory.Exists(Path.GetDirectoryName(to)))
        {
            return ApiProblems.NotFound($"There is no folder to hold '{body!.To}'; create it first.");
        }
        if (Directory.Exists(from))
        {
            Directory.Move(from!, to!);
            return TypedResults.Ok(ToResource(files, new DirectoryInfo(to!)));
        }
        File.Move(from!, to!);
        return TypedResults.Ok(ToResource(files, new FileInfo(to!)));
    }

    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Delete(string workspace, string? path, bool? recursive, WorkspaceShares shares)
    {
        var (files, full, invalid) = Resolve(shares, workspace, path);
        if (invalid is not null)
        {
            return invalid;
        }
        if (full == files.Root)
        {
            return ApiProblems.Invalid("path", "The share itself cannot be deleted; delete what is in it.");
        }
        if (File.Exists(full) || new FileInfo(full!).LinkTarget is not null)
        {
            File.Delete(full!);
            return TypedResults.NoContent();
        }
        if (!Directory.Exists(full))
        {
            return ApiProblems.NotFound($"There is no '{path}' in the file share of '{workspace}'.");
        }
        if (recursive != true && Directory.EnumerateFileSystemEntries(full!).Any())
        {
            return ApiProblems.Conflict("Folder is not empty", $"'{path}' holds files; send recursive=true to delete it with everything in it.");
        }
        Directory.Delete(full!, recursive: true);
        return TypedResults.NoContent();
    }

    private static (ShareFolder Files, string? Full, ValidationProblem? Invalid) Resolve(WorkspaceShares shares, string workspace, string? path, string field = "path")
    {
        var files = shares.FilesOf(workspace);
        var (full, error) = files.Resolve(path);
        return (files, full, error is null ? null : ApiProblems.Invalid(field, error));
    }

    /// <summary>Whether every existing part of the path is a folder, so the rest can be created.</summary>
    private static bool IsFolderOrCreatable(ShareFolder files, string full)
    {
        for (var current = full; current.Length >= files.Root.Length; current = Path.GetDirectoryName(current)!)
        {
            if (File.Exists(current))
            {
                return false;
            }
            if (Directory.Exists(current))
            {
                return true;
            }
        }
        return true;
    }

    private static FileEntryResource ToResource(ShareFolder files, FileSystemInfo entry) => new(
        entry.Name,
        files.ShareRelative(entry.FullName),
        entry is DirectoryInfo ? FileEntryResource.Folder : FileEntryResource.File,
        entry is FileInfo file ? file.Length : null,
        entry.LastWriteTimeUtc);
}
