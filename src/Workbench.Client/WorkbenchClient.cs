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

    /// <summary>
    /// Lists the workspace's instances across all pages. The JSON is the server's page when there was one,
    /// otherwise one page object holding every item exactly as the server sent it.
    /// </summary>
    public async Task<ApiResult<IReadOnlyList<ComputeInstanceResource>>> ListComputesAsync(
        string workspace, bool mine, CancellationToken cancellationToken = default)
    {
        var pages = new List<ApiResult<Page<ComputeInstanceResource>>>();
        Uri? next = Resolve($"{WorkspacePath(workspace)}/computes?mine={(mine ? "true" : "false")}");
        while (next is not null)
        {
            var page = await SendAsync<object, Page<ComputeInstanceResource>>(HttpMethod.Get, next, null, cancellationToken);
            pages.Add(page);
            next = page.Value.NextLink is { Length: > 0 } link ? Resolve(link) : null;
        }
        var items = pages.SelectMany(page => page.Value.Value).ToList();
        var json = pages.Count == 1 ? pages[0].Json : PageJson.Merge(pages.Select(page => page.Json));
        return new ApiResult<IReadOnlyList<ComputeInstanceResource>>(items, json);
    }

    private static string WorkspacePath(string workspace) => $"api/v1/workspaces/{Uri.EscapeDataString(workspace)}";

    private static string ComputePath(string workspace, string name) =>
        $"{WorkspacePath(workspace)}/computes/{Uri.EscapeDataString(name)}";

    /// <summary>Accepts our own paths and the server's nextLinks, which may be relative or absolute.</summary>
    private Uri Resolve(string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            ? absolute
            : new Uri(_root, pathOrUrl);

    private Task<ApiResult<TResponse>> SendAsync<TResponse>(HttpMethod method, string path, CancellationToken cancellationToken) =>
        SendAsync<object, TResponse>(method, Resolve(path), null, cancellationToken);

    private Task<ApiResult<TResponse>> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, CancellationToken cancellationToken) =>
        SendAsync<TRequest, TResponse>(method, Resolve(path), body, cancellationToken);

    private async Task<ApiResult<TResponse>> SendAsync<TRequest, TResponse>(
        HttpMethod method, Uri uri, TRequest? body, CancellationToken cancellationToken, string contentType = "application/json")
    {
        var (response, json) = await SendCheckedAsync(method, uri, body, cancellationToken, contentType);
        using (response)
        {
            return new ApiResult<TResponse>(Deserialize<TResponse>(response, json), json);
        }
    }

    /// <summary>For calls the server answers with 204 and no body.</summary>
    private async Task SendWithoutAnswerAsync<TRequest>(HttpMethod method, string path, TRequest? body, CancellationToken cancellationToken)
    {
        var (response, _) = await SendCheckedAsync(method, Resolve(path), body, cancellationToken);
        response.Dispose();
    }

    /// <summary>Sends the request and reads the answer; an error answer becomes a <see cref="WorkbenchApiException"/>.</summary>
    private async Task<(HttpResponseMessage Response, string Body)> SendCheckedAsync<TRequest>(
        HttpMethod method, Uri uri, TRequest? body, CancellationToken cancellationToken, string contentType = "application/json")
    {
        using var request = NewRequest(method, uri);
        if (body is not null)
        {
            // Buffered rather than JsonContent's stream, so the request carries a Content-Length instead of chunks.
            request.Content = new StringContent(JsonSerializer.Serialize(body, WorkbenchJson.Options), Encoding.UTF8, contentType);
        }
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
