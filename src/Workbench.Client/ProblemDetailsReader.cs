using System.Net;
using System.Text.Json;
using Workbench.Contracts;

namespace Workbench.Client;

/// <summary>Turns an error response into a <see cref="WorkbenchApiException"/>, whatever shape its body has.</summary>
internal static class ProblemDetailsReader
{
    // Longer plain-text bodies are usually HTML pages from a proxy, not something to show on one line.
    private const int MaxPlainTextDetail = 200;

    private const string RefusedTokenDetail =
        "The server refused the token; log in again with `wb login --server URL --token T` or check WB_TOKEN.";

    public static WorkbenchApiException ToException(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var problem = TryParse(body);
        var title = Blank(problem?.Title) ?? DefaultTitle(response);
        var detail = Blank(problem?.Detail) ?? (problem is null ? PlainTextDetail(response, body) : null);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            detail ??= RefusedTokenDetail;
        }
        return new WorkbenchApiException(problem?.Status ?? status, title, detail, problem?.Errors, problem?.Type);
    }

    private static ProblemBody? TryParse(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            var problem = JsonSerializer.Deserialize<ProblemBody>(body, WorkbenchJson.Options);
            return problem?.Title is null && problem?.Detail is null ? null : problem;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DefaultTitle(HttpResponseMessage response)
    {
        var reason = Blank(response.ReasonPhrase) ?? response.StatusCode.ToString();
        return $"{(int)response.StatusCode} {reason}";
    }

    private static string? PlainTextDetail(HttpResponseMessage response, string body)
    {
        var text = body.Trim();
        var isPlainText = response.Content.Headers.ContentType?.MediaType == "text/plain";
        return isPlainText && text.Length is > 0 and <= MaxPlainTextDetail && !text.Contains('\n') ? text : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);
}
