using System.Net.Http.Headers;
using Workbench.Contracts;

namespace Workbench.Client;

/// <summary>The workspace file share: paths are relative to the share, with '/'.</summary>
public sealed partial class WorkbenchClient
{
    public Task<ApiResult<Page<FileEntryResource>>> ListFilesAsync(string workspace, string path, CancellationToken cancellationToken = default) =>
        SendAsync<Page<FileEntryResource>>(HttpMethod.Get, $"{FilesPath(workspace)}?path={Uri.EscapeDataString(path)}", cancellationToken);

    public Task<ApiResult<FileEntryResource>> CreateFolderAsync(string workspace, string path, CancellationToken cancellationToken = default) =>
        SendAsync<FileEntryResource>(HttpMethod.Post, $"{FilesPath(workspace)}/folders?path={Uri.EscapeDataString(path)}", cancellationToken);

    public Task<ApiResult<FileEntryResource>> MoveFileAsync(string workspace, MoveFileRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<MoveFileRequest, FileEntryResource>(HttpMethod.Post, $"{FilesPath(workspace)}/move", request, cancellationToken);

    public Task DeleteFileAsync(string workspace, string path, bool recursive, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync<object>(HttpMethod.Delete, $"{FilesPath(workspace)}?path={Uri.EscapeDataString(path)}&recursive={(recursive ? "true" : "false")}", null, cancellationToken);

    /// <summary>Streams <paramref name="content"/> into the share; the file appears whole or not at all.</summary>
    public async Task<ApiResult<FileEntryResource>> UploadFileAsync(string workspace, string path, Stream content, bool overwrite, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Put, Resolve($"{FilesPath(workspace)}/content?path={Uri.EscapeDataString(path)}&overwrite={(overwrite ? "true" : "false")}"));
        request.Content = new StreamContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (content.CanSeek)
        {
            request.Content.Headers.ContentLength = content.Length - content.Position;
        }
        return await ReadAsync<FileEntryResource>(request, cancellationToken);
    }

    /// <summary>Streams a file of the share into <paramref name="destination"/>, never all of it in memory.</summary>
    public Task DownloadFileAsync(string workspace, string path, Stream destination, CancellationToken cancellationToken = default) =>
        CopyAsync(Resolve($"{FilesPath(workspace)}/content?path={Uri.EscapeDataString(path)}"), destination, flushEachChunk: false, cancellationToken);

    private static string FilesPath(string workspace) => $"{WorkspacePath(workspace)}/files";
}
