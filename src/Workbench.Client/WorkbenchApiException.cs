namespace Workbench.Client;

/// <summary>The server answered with an error; carries the RFC 9457 problem details it sent.</summary>
public sealed class WorkbenchApiException : Exception
{
    public WorkbenchApiException(int status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors = null, string? type = null)
        : base(detail is null ? title : $"{title}: {detail}")
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
        Type = type;
    }

    public int Status { get; }

    public string Title { get; }

    public string? Detail { get; }

    /// <summary>Validation messages by field; empty unless the request was invalid.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The problem type URI, stable enough for callers to switch on.</summary>
    public string? Type { get; }
}
