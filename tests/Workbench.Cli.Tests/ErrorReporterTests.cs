using System.Net;
using Workbench.Cli.Tests.Fakes;
using Workbench.Client;

namespace Workbench.Cli.Tests;

/// <summary>Error responses go through the real client, so these cover the whole way from body to printed line.</summary>
public sealed class ErrorReporterTests
{
    private static readonly Uri Server = new(StubHttpHandler.ServerUrl);

    [Fact]
    public async Task Describe_ProblemDetails_GivesOneLineWithTitleAndDetail()
    {
        var error = await FailingCallAsync(HttpStatusCode.Conflict, """
            {"type":"https://workbench/problems/illegal-transition","title":"Illegal transition","status":409,"detail":"box1 is Deleting and cannot stop."}
            """, "application/problem+json");

        Assert.Equal(["error: Illegal transition: box1 is Deleting and cannot stop."], ErrorReporter.Describe(error, Server));
    }

    [Fact]
    public async Task Describe_ValidationProblem_ListsEachFieldMessageIndented()
    {
        var error = await FailingCallAsync(HttpStatusCode.BadRequest, """
            {"title":"One or more validation errors occurred.","status":400,
             "errors":{"size":["Size 'huge' is not in the catalog."],"name":["A compute name has 3 to 24 characters.","It starts with a letter."]}}
            """, "application/problem+json");

        Assert.Equal(
            [
                "error: One or more validation errors occurred.",
                "  size: Size 'huge' is not in the catalog.",
                "  name: A compute name has 3 to 24 characters.",
                "  name: It starts with a letter.",
            ],
            ErrorReporter.Describe(error, Server));
    }

    [Fact]
    public async Task Describe_HtmlBody_GivesStatusCodeAndReason()
    {
        var error = await FailingCallAsync(HttpStatusCode.BadGateway, "<html><body>nginx</body></html>", "text/html");

        Assert.Equal(["error: 502 Bad Gateway"], ErrorReporter.Describe(error, Server));
    }

    [Fact]
    public async Task Describe_ShortPlainTextBody_KeepsTheText()
    {
        var error = await FailingCallAsync(HttpStatusCode.ServiceUnavailable, "maintenance until 14:00", "text/plain");

        Assert.Equal(["error: 503 Service Unavailable: maintenance until 14:00"], ErrorReporter.Describe(error, Server));
    }

    [Fact]
    public async Task Describe_UnauthorizedWithEmptyBody_SaysTheTokenWasRefused()
    {
        var error = await FailingCallAsync(HttpStatusCode.Unauthorized, "", "text/plain");

        var line = Assert.Single(ErrorReporter.Describe(error, Server));
        Assert.StartsWith("error: 401 Unauthorized: The server refused the token", line);
    }

    [Fact]
    public async Task Describe_ConnectionFailure_SaysTheServerCannotBeReached()
    {
        using var handler = new StubHttpHandler(_ => throw new HttpRequestException("Connection refused (workbench.test:80)"));
        using var http = handler.CreateClient();
        var client = new WorkbenchClient(http, "token");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetMeAsync(TestContext.Current.CancellationToken));

        Assert.Equal(["error: cannot reach http://workbench.test/: Connection refused (workbench.test:80)"], ErrorReporter.Describe(error, Server));
    }

    private static async Task<Exception> FailingCallAsync(HttpStatusCode status, string body, string mediaType)
    {
        using var handler = new StubHttpHandler(_ => StubHttpHandler.Respond(status, body, mediaType));
        using var http = handler.CreateClient();
        var client = new WorkbenchClient(http, "token");
        return await Assert.ThrowsAsync<WorkbenchApiException>(() => client.GetComputeAsync("default", "box1", TestContext.Current.CancellationToken));
    }
}
