using Microsoft.AspNetCore.Mvc;

namespace Workbench.Server.Auth;

/// <summary>Writes an RFC 9457 problem from places that have no endpoint result to return.</summary>
internal static class Problems
{
    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
