using Microsoft.AspNetCore.Http.HttpResults;

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

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid", type: "urn:workbench:validation");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new() { [field] = [message] });
}
