using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Workbench.Server.Tests;

/// <summary>Talks to an instance's real Jupyter straight at its endpoint, with its app token.</summary>
public sealed class JupyterApp(string endpoint, string workspace, string instance, string token) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://{endpoint}/i/{workspace}/{instance}/jupyter/"),
        Timeout = TimeSpan.FromSeconds(10),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("token", token) },
    };

    public Task<HttpResponseMessage> StatusAsync() => _http.GetAsync("api/status");

    public async Task<HttpResponseMessage> StatusWithoutTokenAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        return await anonymous.GetAsync("api/status");
    }

    public async Task WriteFileAsync(string path, string text) =>
        (await _http.PutAsJsonAsync($"api/contents/{path}", new { type = "file", format = "text", content = text })).EnsureSuccessStatusCode();

    public async Task<string> ReadFileAsync(string path)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>($"api/contents/{path}");
        return json.GetProperty("content").GetString() ?? "";
    }

    public void Dispose() => _http.Dispose();
}
