using Microsoft.AspNetCore.Mvc;

namespace Workbench.Server.Auth;

/// <summary>Writes an RFC 9457 problem from places that have no endpoint result to return.</summary>
internal static class Problems
{
    public static async Task Write(HttpContext context, int status, string title, string detail, string? type = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type };
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        // The service declines callers that accept neither JSON nor */*, such as a browser asking for HTML; they get the JSON anyway, as endpoint results do.
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }

    /// <summary>The answer to a caller who is not signed in, whichever way they tried: 401, and how programs sign in.</summary>
    public static Task WriteUnauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Write(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Send a valid API token as 'Authorization: Bearer <token>'.");
    }

    public static Task WriteForbidden(HttpContext context) =>
        Write(context, StatusCodes.Status403Forbidden, "Forbidden", "Your user may not do this.");
}
