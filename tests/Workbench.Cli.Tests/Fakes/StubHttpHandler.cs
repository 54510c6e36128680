using System.Net;
using System.Text;

namespace Workbench.Cli.Tests.Fakes;

/// <summary>Answers requests from a function and remembers them, standing in for the server.</summary>
internal sealed class StubHttpHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public const string ServerUrl = "http://workbench.test/";

    public List<HttpRequestMessage> Requests { get; } = [];

    public static HttpResponseMessage Respond(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    public HttpClient CreateClient() => new(this) { BaseAddress = new Uri(ServerUrl) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var response = answer(request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
