using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Workbench.Contracts;

namespace Workbench.Client;

/// <summary>Typed access to the Workbench REST API; every call returns the value and the exact JSON the server sent.</summary>
public sealed partial class WorkbenchClient
{
    /// <summary>RFC 7396's media type, which PATCH bodies carry.</summary>
    private const string MergePatch = "application/merge-patch+json";

    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly Uri _root;

    public WorkbenchClient(HttpClient http, string token)
        : this(http, new AuthenticationHeaderValue("Bearer", Required(token)))
    {
    }

    private WorkbenchClient(HttpClient http, AuthenticationHeaderValue? authorization)
    {
        ArgumentNullException.ThrowIfNull(http);
        var baseAddress = http.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the server URL.", nameof(http));
        _http = http;
        _authorization = authorization;
        // Without a trailing slash, a server mounted under a path (https://host/workbench) would lose its last segment.
        _root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>A client without a token, for the one call that gets one: <see cref="ExchangePasswordAsync"/>.</summary>
    public static WorkbenchClient WithoutToken(HttpClient http) => new(http, authorization: null);

    /// <summary>A user name and password exchanged for a new API token of the user's, its secret shown this once.</summary>
    public Task<ApiResult<CreatedTokenResponse>> ExchangePasswordAsync(PasswordLoginRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PasswordLoginRequest, CreatedTokenResponse>(HttpMethod.Post, "api/v1/login/token", request, cancellationToken);

    public Task<ApiResult<UserResource>> GetMeAsync(CancellationToken cancellationToken = default) =>
        SendAsync<UserResource>(HttpMethod.Get, "api/v1/users/me", cancellationToken);

    public Task<ApiResult<CreatedUserResponse>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateUserRequest, CreatedUserResponse>(HttpMethod.Post, "api/v1/users", request, cancellationToken);

    public Task<ApiResult<Page<TokenResource>>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Page<TokenResource>>(HttpMethod.Get, "api/v1/users/me/tokens", cancellationToken);

    public Task<ApiResult<CreatedTokenResponse>> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateTokenRequest, CreatedTokenResponse>(HttpMethod.Post, "api/v1/users/me/tokens", request, cancellationToken);

    /// <summary>Revokes one of the caller's tokens.</summary>
    public Task RevokeTokenAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync<object>(HttpMethod.Delete, $"api/v1/users/me/tokens/{id}", null, cancellationToken);

    /// <summary>Sets a user's password: anyone's for an admin, one's own with the current one otherwise.</summary>
    public Task SetPasswordAsync(string name, SetPasswordRequest request, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(HttpMethod.Put, $"api/v1/users/{Uri.EscapeDataString(name)}/password", request, cancellationToken);

    public Task<ApiResult<Page<SizeResource>>> ListSizesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Page<SizeResource>>(HttpMethod.Get, "api/v1/sizes", cancellationToken);

    public Task<ApiResult<Page<ImageResource>>> ListImagesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Page<ImageResource>>(HttpMethod.Get, "api/v1/images", cancellationToken);

    public Task<ApiResult<ComputeInstanceResource>> CreateComputeAsync(
        string workspace, string name, CreateComputeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateComputeRequest, ComputeInstanceResource>(HttpMethod.Put, ComputePath(workspace, name), request, cancellationToken);

    public Task<ApiResult<ComputeInstanceResource>> GetComputeAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ComputeInstanceResource>(HttpMethod.Get, ComputePath(workspace, name), cancellationToken);

    /// <summary>Changes the instance's SSH key (null removes it): a JSON merge patch, answered with the changed instance.</summary>
    public Task<ApiResult<ComputeInstanceResource>> UpdateComputeAsync(
        string workspace, string name, UpdateComputeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<UpdateComputeRequest, ComputeInstanceResource>(HttpMethod.Patch, Resolve(ComputePath(workspace, name)), request, cancellationToken, MergePatch);

    public Task<ApiResult<ComputeInstanceResource>> DeleteComputeAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ComputeInstanceResource>(HttpMethod.Delete, ComputePath(workspace, name), cancellationToken);

    public Task<ApiResult<ComputeInstanceResource>> StartComputeAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ComputeInstanceResource>(HttpMethod.Post, ComputePath(workspace, name) + "/start", cancellationToken);

    public Task<ApiResult<ComputeInstanceResource>> StopComputeAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ComputeInstanceResource>(HttpMethod.Post, ComputePath(workspace, name) + "/stop", cancellationToken);

    public Task<ApiResult<ComputeInstanceResource>> RestartComputeAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ComputeInstanceResource>(HttpMethod.Post, ComputePath(workspace, name) + "/restart", cancellationToken);

    /// <summary>Lists the workspace's instances across all pages.</summary>
    public Task<ApiResult<IReadOnlyList<ComputeInstanceResource>>> ListComputesAsync(
        string workspace, bool mine, CancellationToken cancellationToken = default) =>
        ListAllAsync<ComputeInstanceResource>($"{WorkspacePath(workspace)}/computes?mine={(mine ? "true" : "false")}", cancellationToken);

    /// <summary>
    /// Submits a job spec (YAML or JSON text, sent as it is written so the server can point at its lines).
    /// With a name it is a PUT of that name, else a POST. A code archive (tar) goes with it as a multipart form.
    /// </summary>
    public async Task<ApiResult<JobResource>> SubmitJobAsync(
        string workspace, string? name, string spec, string specMediaType, Stream? codeArchive, CancellationToken cancellationToken = default)
    {
        var uri = Resolve(name is null ? $"{WorkspacePath(workspace)}/jobs" : JobPath(workspace, name));
        using var request = NewRequest(name is null ? HttpMethod.Post : HttpMethod.Put, uri);
        var specContent = new StringContent(spec, Encoding.UTF8, specMediaType);
        if (codeArchive is null)
        {
            request.Content = specContent;
        }
        else
        {
            var code = new StreamContent(codeArchive);
            code.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
            request.Content = new MultipartFormDataContent { { specContent, "spec" }, { code, "code", "code.tar" } };
        }
        return await ReadAsync<JobResource>(request, cancellationToken);
    }

    public Task<ApiResult<JobResource>> GetJobAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<JobResource>(HttpMethod.Get, JobPath(workspace, name), cancellationToken);

    public Task<ApiResult<JobResource>> CancelJobAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<JobResource>(HttpMethod.Post, JobPath(workspace, name) + "/cancel", cancellationToken);

    /// <summary>Lists the workspace's jobs, newest first, across all pages; compute and state filter when given.</summary>
    public Task<ApiResult<IReadOnlyList<JobResource>>> ListJobsAsync(
        string workspace, string? compute, string? state, CancellationToken cancellationToken = default)
    {
        var query = string.Concat(
            compute is null ? "" : $"&compute={Uri.EscapeDataString(compute)}",
            state is null ? "" : $"&state={Uri.EscapeDataString(state)}");
        return ListAllAsync<JobResource>($"{WorkspacePath(workspace)}/jobs?top=1000{query}", cancellationToken);
    }

    /// <summary>
    /// Copies a job's log ("stdout" or "stderr") to the destination as it arrives, flushing each chunk.
    /// With follow, it returns only once the job has ended and its log is sent to the end.
    /// </summary>
    public async Task CopyJobLogAsync(string workspace, string name, string stream, bool follow, Stream destination, CancellationToken cancellationToken = default)
    {
        var uri = Resolve($"{JobPath(workspace, name)}/logs/{Uri.EscapeDataString(stream)}?follow={(follow ? "true" : "false")}");
        await CopyAsync(uri, destination, flushEachChunk: true, cancellationToken);
    }

    /// <summary>What was done to a compute of this name, newest first (its rows of the audit log).</summary>
    public Task<ApiResult<IReadOnlyList<AuditEntryResource>>> ListComputeEventsAsync(string workspace, string name, int top, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<AuditEntryResource>>(HttpMethod.Get, $"{ComputePath(workspace, name)}/events?top={top}", cancellationToken);

    /// <summary>Copies the last lines of an instance's log (its apps, its SSH server) to the destination.</summary>
    public Task CopyComputeLogAsync(string workspace, string name, int lines, Stream destination, CancellationToken cancellationToken = default) =>
        CopyAsync(Resolve($"{ComputePath(workspace, name)}/log?lines={lines}"), destination, flushEachChunk: false, cancellationToken);

    public Task<ApiResult<Page<JobOutputFile>>> ListJobOutputsAsync(string workspace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<Page<JobOutputFile>>(HttpMethod.Get, JobPath(workspace, name) + "/outputs", cancellationToken);

    /// <summary>Copies one file of a job's output to the destination.</summary>
    public Task DownloadJobOutputAsync(string workspace, string name, JobOutputFile file, Stream destination, CancellationToken cancellationToken = default)
    {
        var path = string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString));
        var uri = Resolve($"{JobPath(workspace, name)}/outputs/{Uri.EscapeDataString(file.Output)}/{path}");
        return CopyAsync(uri, destination, flushEachChunk: false, cancellationToken);
    }

    private static string WorkspacePath(string workspace) => $"api/v1/workspaces/{Uri.EscapeDataString(workspace)}";

    private static string ComputePath(string workspace, string name) =>
        $"{WorkspacePath(workspace)}/computes/{Uri.EscapeDataString(name)}";

    private static string JobPath(string workspace, string name) =>
        $"{WorkspacePath(workspace)}/jobs/{Uri.EscapeDataString(name)}";

    /// <summary>Accepts our own paths and the server's nextLinks, which may be relative or absolute.</summary>
    private Uri Resolve(string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            ? absolute
            : new Uri(_root, pathOrUrl);

    /// <summary>
    /// Follows nextLink to the last page. The JSON is the server's page when there was one, otherwise one
    /// page object holding every item exactly as the server sent it.
    /// </summary>
    private async Task<ApiResult<IReadOnlyList<T>>> ListAllAsync<T>(string firstPage, CancellationToken cancellationToken)
    {
        var pages = new List<ApiResult<Page<T>>>();
        Uri? next = Resolve(firstPage);
        while (next is not null)
        {
            var page = await SendAsync<object, Page<T>>(HttpMethod.Get, next, null, cancellationToken);
            pages.Add(page);
            next = page.Value.NextLink is { Length: > 0 } link ? Resolve(link) : null;
        }
        var items = pages.SelectMany(page => page.Value.Value).ToList();
        var json = pages.Count == 1 ? pages[0].Json : PageJson.Merge(pages.Select(page => page.Json));
        return new ApiResult<IReadOnlyList<T>>(items, json);
    }

    /// <summary>Streams a response body to the destination without holding it in memory.</summary>
    private async Task CopyAsync(Uri uri, Stream destination, bool flushEachChunk, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, uri);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ProblemDetailsReader.ToException(response, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (flushEachChunk)
            {
                await destination.FlushAsync(cancellationToken);
            }
        }
    }

    private Task<ApiResult<TResponse>> SendAsync<TResponse>(HttpMethod method, string path, CancellationToken cancellationToken) =>
        SendAsync<object, TResponse>(method, Resolve(path), null, cancellationToken);

    private Task<ApiResult<TResponse>> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, CancellationToken cancellationToken) =>
        SendAsync<TRequest, TResponse>(method, Resolve(path), body, cancellationToken);

    private async Task<ApiResult<TResponse>> SendAsync<TRequest, TResponse>(
        HttpMethod method, Uri uri, TRequest? body, CancellationToken cancellationToken, string contentType = "application/json")
    {
        using var request = JsonRequest(method, uri, body, contentType);
        return await ReadAsync<TResponse>(request, cancellationToken);
    }

    /// <summary>For calls the server answers with 204 and no body.</summary>
    private async Task SendWithoutAnswerAsync<TRequest>(HttpMethod method, string path, TRequest? body, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(method, Resolve(path), body, "application/json");
        var (response, _) = await SendCheckedAsync(request, cancellationToken);
        response.Dispose();
    }

    private HttpRequestMessage JsonRequest<TRequest>(HttpMethod method, Uri uri, TRequest? body, string contentType)
    {
        var request = NewRequest(method, uri);
        if (body is not null)
        {
            // Buffered rather than JsonContent's stream, so the request carries a Content-Length instead of chunks.
            request.Content = new StringContent(JsonSerializer.Serialize(body, WorkbenchJson.Options), Encoding.UTF8, contentType);
        }
        return request;
    }

    /// <summary>Sends the request and reads its JSON answer as a <typeparamref name="TResponse"/>.</summary>
    private async Task<ApiResult<TResponse>> ReadAsync<TResponse>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (response, json) = await SendCheckedAsync(request, cancellationToken);
        using (response)
        {
            return new ApiResult<TResponse>(Deserialize<TResponse>(response, json), json);
        }
    }

    /// <summary>Sends the request and reads the answer; an error answer becomes a <see cref="WorkbenchApiException"/>.</summary>
    private async Task<(HttpResponseMessage Response, string Body)> SendCheckedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw ProblemDetailsReader.ToException(response, text);
            }
        }
        return (response, text);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static string Required(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return token;
    }

    private static T Deserialize<T>(HttpResponseMessage response, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, WorkbenchJson.Options)
                ?? throw new JsonException("The body is empty or null.");
        }
        catch (JsonException ex)
        {
            throw new WorkbenchApiException(
                (int)response.StatusCode,
                "Unexpected response",
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered with a body that is not a {typeof(T).Name}: {ex.Message}");
        }
    }
}
