using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Workbench.Server.Jobs;

namespace Workbench.Server.Api;

/// <summary>
/// The body of a job submit: the spec alone as JSON or YAML, or a multipart/form-data body whose
/// "spec" part comes first and whose "code" part is the code folder as a tar archive. The archive is
/// left unread here, to be unpacked as it streams in once the spec has passed its checks.
/// </summary>
public sealed class JobRequestBody
{
    public const int MaxSpecBytes = 1024 * 1024;
    public const string SpecPart = "spec";
    public const string CodePart = "code";

    private static readonly string[] SpecTypes =
        ["application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    private JobRequestBody(string spec, MultipartSection? code)
    {
        Spec = spec;
        Code = code;
    }

    public string Spec { get; }

    /// <summary>The code archive's part, still unread, or null when the request has no code.</summary>
    public MultipartSection? Code { get; }

    /// <summary>The body, or what is wrong with it (status 400, 413 or 415 and a sentence).</summary>
    public static async Task<(JobRequestBody? Body, int Status, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var type = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (type is not null && SpecTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            var text = await ReadTextAsync(request.Body, cancellationToken);
            return text is null ? TooLarge() : (new JobRequestBody(text, null), 200, null);
        }
        if (!string.Equals(type, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(parsed!.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, StatusCodes.Status415UnsupportedMediaType,
                $"Send the job spec as application/json or application/yaml, or as multipart/form-data with a '{SpecPart}' part and a '{CodePart}' part (a tar archive).");
        }
        // Room for the code archive beyond the server's default body limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = CodeArchive.MaxBytes + MaxSpecBytes;
        }
        var reader = new MultipartReader(boundary, request.Body);
        var first = await reader.ReadNextSectionAsync(cancellationToken);
        if (first is null || PartName(first) != SpecPart)
        {
            return (null, StatusCodes.Status400BadRequest, $"The first part of the form must be '{SpecPart}', the job spec.");
        }
        var spec = await ReadTextAsync(first.Body, cancellationToken);
        if (spec is null)
        {
            return TooLarge();
        }
        var code = await reader.ReadNextSectionAsync(cancellationToken);
        if (code is not null && PartName(code) != CodePart)
        {
            return (null, StatusCodes.Status400BadRequest, $"After '{SpecPart}' the form may have one part, '{CodePart}'; it has '{PartName(code)}'.");
        }
        return (new JobRequestBody(spec, code), 200, null);
    }

    private static (JobRequestBody?, int, string?) TooLarge() =>
        (null, StatusCodes.Status413PayloadTooLarge, $"A job spec has at most {MaxSpecBytes / 1024} KiB.");

    private static string? PartName(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
            : null;

    /// <summary>The text, or null when it is longer than <see cref="MaxSpecBytes"/>; never more than that is held.</summary>
    private static async Task<string?> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxSpecBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
