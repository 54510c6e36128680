using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Domain.Quotas;
using Workbench.Server.Auth;

namespace Workbench.Server.Api;

/// <summary>The problem answers of the API, each with a stable type a client can switch on.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(what, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: "urn:workbench:not-found");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title, type: "urn:workbench:conflict");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: "urn:workbench:forbidden");

    /// <summary>403 for a role that lacks an action; "action" names it, so a client can say what to ask for.</summary>
    public static ProblemHttpResult Denied(string action, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: "urn:workbench:forbidden",
            extensions: new Dictionary<string, object?> { ["action"] = action });

    /// <summary>409 for an admission the workspace's quota cannot take, with the numbers.</summary>
    public static ProblemHttpResult QuotaExceeded(QuotaRefusal refusal) =>
        TypedResults.Problem(refusal.Describe(), statusCode: StatusCodes.Status409Conflict, title: "Quota exceeded", type: "urn:workbench:quota-exceeded",
            extensions: new Dictionary<string, object?>
            {
                ["family"] = refusal.Family,
                ["used"] = refusal.Used,
                ["requested"] = refusal.Requested,
                ["limit"] = refusal.Limit,
            });

    /// <summary>The same answer for a wrong password and an unknown user.</summary>
    public static ProblemHttpResult LoginRefused() =>
        TypedResults.Problem(LoginOutcome.RefusedMessage, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", type: "urn:workbench:login-refused");

    /// <summary>429 with Retry-After: too many failed sign-ins for the name or from the address.</summary>
    public static ProblemHttpResult TooManyAttempts(HttpResponse response, TimeSpan retryAfter)
    {
        response.Headers.RetryAfter = RetryAfter.Seconds(retryAfter);
        return TypedResults.Problem(
            $"Too many failed sign-ins; try again in {RetryAfter.Describe(retryAfter)}.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts", type: "urn:workbench:too-many-attempts");
    }

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid", type: "urn:workbench:validation");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new() { [field] = [message] });
}
