using Workbench.Domain.Audit;
using Workbench.Server.Access;

namespace Workbench.Server.Audit;

/// <summary>
/// Records every call that may change something (any method but GET, HEAD, OPTIONS and TRACE) to an
/// endpoint with an audited <see cref="RequiredAction"/>, whatever its outcome: refused ones, failed
/// sign-ins and errors included. Rows are only ever added, committed together with those of the
/// requests that end at the same time (<see cref="AuditWrites"/>) before the request completes. A failure
/// to record is logged, and does not change the caller's answer.
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, AuditWrites writes, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    private const string ApiPrefix = "/api/v1";

    public async Task InvokeAsync(HttpContext context)
    {
        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredAction>();
        var method = context.Request.Method;
        if (required is not { Audited: true } || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            await next(context);
            return;
        }
        var (fields, signInName) = await AuditedRequest.ReadAsync(context.Request, required.Action, context.RequestAborted);
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var actor = signInName ?? context.User.Identity?.Name ?? "";
            await RecordAsync(new AuditEntry(time.GetUtcNow(), Truncate(actor, 64), required.Action, context.GetRouteValue("workspace") as string,
                Truncate(Target(context.Request), 2048), status, fields.Take(30).Select(f => Truncate(f, 64))));
        }
    }

    private static string Target(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        return (path.StartsWith(ApiPrefix, StringComparison.Ordinal) ? path[ApiPrefix.Length..] : path) + request.QueryString;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private async Task RecordAsync(AuditEntry entry)
    {
        try
        {
            await writes.AddAsync(entry);
        }
        catch (Exception e)
        {
            Log.NotRecorded(logger, entry.Action, entry.Target, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Error, "Could not record {Action} on {Target} in the audit log")]
        public static partial void NotRecorded(ILogger logger, string action, string target, Exception exception);
    }
}
