using System.Net.Sockets;
using Workbench.Client;

namespace Workbench.Cli;

/// <summary>Turns any failure into a few readable lines for stderr; never a stack trace.</summary>
internal static class ErrorReporter
{
    public static IReadOnlyList<string> Describe(Exception error, Uri? server) => error switch
    {
        WorkbenchApiException problem => [$"error: {problem.Message}", .. FieldErrors(problem)],
        HttpRequestException unreachable => [$"error: cannot reach {Show(server)}: {Innermost(unreachable).Message}"],
        TaskCanceledException { InnerException: TimeoutException } => [$"error: cannot reach {Show(server)}: no answer in time"],
        _ => [$"error: {error.Message}"],
    };

    public static void Report(Exception error, Uri? server)
    {
        foreach (var line in Describe(error, server))
        {
            Console.Error.WriteLine(line);
        }
    }

    private static IEnumerable<string> FieldErrors(WorkbenchApiException problem) =>
        from field in problem.Errors
        from message in field.Value
        select $"  {field.Key}: {message}";

    private static string Show(Uri? server) => server?.OriginalString ?? "the server";

    private static Exception Innermost(Exception error)
    {
        var innermost = error;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        // A socket error's own text ("Connection refused") leaves out the host; HttpClient's message has it.
        return innermost is SocketException ? error : innermost;
    }
}
