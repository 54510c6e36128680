using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Workbench.Domain;

namespace Workbench.Server.Api;

/// <summary>Turns what escapes an endpoint into a problem: bad request bodies 400, domain rules 409, the rest a 500 without internals.</summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, type) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", BodyMessage(bad), "urn:workbench:bad-request"),
            DomainException domain => (StatusCodes.Status409Conflict, domain.Title, domain.Message, "urn:workbench:conflict"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The server failed; the error is in its log.", "urn:workbench:internal"),
        };
        if (status == StatusCodes.Status500InternalServerError)
        {
            Log.Unhandled(logger, context.Request.Method, context.Request.Path, exception);
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type },
        });
    }

    // The JSON reader's message names the path and line of the mistake, which is what the user needs.
    private static string BodyMessage(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json ? $"The body is not valid JSON: {json.Message}" : bad.Message;

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Error, "Unhandled error in {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);
    }
}
